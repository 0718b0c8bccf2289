package dev.lottery.data.pocket;

import dev.lottery.data.Resampler;

/**
 * MNIST's normalisation of a digit: crop to the ink's bounding box, fit it into a 20x20 box
 * preserving the aspect ratio (antialiased resampling), then place it in a 28x28 field so that
 * its centre of mass falls on the field's centre (shifted by whole pixels).
 */
final class DigitNormalizer {
    static final int FIELD = 28;
    static final int BOX = 20;

    private DigitNormalizer() {}

    /**
     * Normalises a gray image with ink values in [0, 255] (background 0).
     *
     * @return 28x28 8-bit pixels, or null when the image has no ink
     */
    static byte[] normalize(float[] img, int w, int h) {
        int minX = w;
        int minY = h;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (img[y * w + x] > 0.5f) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (maxX < 0) {
            return null;
        }
        int bw = maxX - minX + 1;
        int bh = maxY - minY + 1;
        float[] crop = new float[bw * bh];
        for (int y = 0; y < bh; y++) {
            System.arraycopy(img, (y + minY) * w + minX, crop, y * bw, bw);
        }
        double scale = (double) BOX / Math.max(bw, bh);
        int ow = Math.max(1, Math.min(BOX, (int) Math.round(bw * scale)));
        int oh = Math.max(1, Math.min(BOX, (int) Math.round(bh * scale)));
        float[] fitted = Resampler.resize(crop, bw, bh, 1, ow, oh, Resampler.Filter.BILINEAR);
        return centreByMass(fitted, ow, oh);
    }

    /** Places a patch in the 28x28 field with its centre of mass at (14, 14); pixels off the field are lost. */
    static byte[] centreByMass(float[] patch, int w, int h) {
        double mass = 0;
        double mx = 0;
        double my = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = Math.max(0, patch[y * w + x]);
                mass += v;
                mx += v * (x + 0.5);
                my += v * (y + 0.5);
            }
        }
        int left;
        int top;
        if (mass == 0) {
            left = (FIELD - w) / 2;
            top = (FIELD - h) / 2;
        } else {
            left = (int) Math.round(FIELD / 2.0 - mx / mass);
            top = (int) Math.round(FIELD / 2.0 - my / mass);
        }
        byte[] out = new byte[FIELD * FIELD];
        for (int y = 0; y < h; y++) {
            int fy = y + top;
            if (fy < 0 || fy >= FIELD) {
                continue;
            }
            for (int x = 0; x < w; x++) {
                int fx = x + left;
                if (fx < 0 || fx >= FIELD) {
                    continue;
                }
                out[fy * FIELD + fx] = (byte) Math.round(Math.min(255f, Math.max(0f, patch[y * w + x])));
            }
        }
        return out;
    }

    /** Centre of mass (x, y) of 28x28 8-bit pixels, in pixel-centre coordinates (pixel i covers [i, i+1)). */
    static double[] centreOfMass(byte[] field) {
        double mass = 0;
        double mx = 0;
        double my = 0;
        for (int y = 0; y < FIELD; y++) {
            for (int x = 0; x < FIELD; x++) {
                int v = field[y * FIELD + x] & 0xFF;
                mass += v;
                mx += v * (x + 0.5);
                my += v * (y + 0.5);
            }
        }
        return new double[] {mx / mass, my / mass};
    }

    /** An optdigits row (64 values 0..16, row-major 8x8) as an MNIST-like 28x28 digit. */
    static byte[] fromOptdigits(int[] values) {
        if (values.length != 64) {
            throw new IllegalArgumentException("expected 64 optdigits values, found " + values.length);
        }
        float[] img = new float[64];
        for (int i = 0; i < 64; i++) {
            if (values[i] < 0 || values[i] > 16) {
                throw new IllegalArgumentException("expected optdigits values in 0..16, found " + values[i]);
            }
            img[i] = values[i] * 255f / 16f;
        }
        return normalize(img, 8, 8);
    }
}

package dev.lottery.data.pocket;

/**
 * Turns a filled digit into an outline drawing: threshold, morphological gradient with a
 * 3x3 cross (dilation minus erosion, i.e. the contour strokes on both sides of the edge),
 * then a light [1 2 1] blur so the strokes look drawn rather than pixel-exact.
 */
final class Outline {
    static final int THRESHOLD = 128;

    private Outline() {}

    static byte[] of(byte[] digit, int w, int h) {
        boolean[] ink = new boolean[w * h];
        for (int i = 0; i < ink.length; i++) {
            ink[i] = (digit[i] & 0xFF) >= THRESHOLD;
        }
        float[] edge = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean dilated = at(ink, w, h, x, y) || at(ink, w, h, x - 1, y) || at(ink, w, h, x + 1, y)
                        || at(ink, w, h, x, y - 1) || at(ink, w, h, x, y + 1);
                boolean eroded = at(ink, w, h, x, y) && at(ink, w, h, x - 1, y) && at(ink, w, h, x + 1, y)
                        && at(ink, w, h, x, y - 1) && at(ink, w, h, x, y + 1);
                edge[y * w + x] = dilated && !eroded ? 255f : 0f;
            }
        }
        float[] blurred = blur(edge, w, h);
        float max = 0;
        for (float v : blurred) {
            max = Math.max(max, v);
        }
        byte[] out = new byte[w * h];
        if (max == 0) {
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Math.round(Math.min(255f, blurred[i] * 255f / max));
        }
        return out;
    }

    private static boolean at(boolean[] ink, int w, int h, int x, int y) {
        return x >= 0 && y >= 0 && x < w && y < h && ink[y * w + x];
    }

    /** Separable [1 2 1]/4 blur, zero outside the image. */
    private static float[] blur(float[] src, int w, int h) {
        float[] tmp = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float l = x > 0 ? src[y * w + x - 1] : 0;
                float r = x < w - 1 ? src[y * w + x + 1] : 0;
                tmp[y * w + x] = (l + 2 * src[y * w + x] + r) / 4f;
            }
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float u = y > 0 ? tmp[(y - 1) * w + x] : 0;
                float d = y < h - 1 ? tmp[(y + 1) * w + x] : 0;
                out[y * w + x] = (u + 2 * tmp[y * w + x] + d) / 4f;
            }
        }
        return out;
    }
}

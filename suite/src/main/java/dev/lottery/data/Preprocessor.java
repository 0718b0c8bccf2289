package dev.lottery.data;

import java.awt.image.BufferedImage;

/**
 * Applies a {@link Preprocessing} to a decoded RGB image, giving an HWC float array:
 * gray conversion when channels = 1 (PIL 'L' luma, integer form), optional resize of the
 * shorter side (torchvision {@code Resize(int)}: the longer side becomes
 * {@code int(size * long / short)}), optional centre crop with torchvision rounding
 * ({@code top = round((h - crop) / 2.0)}, half to even as Python's round), scaling to [0, 1],
 * then {@code (x - mean[c]) / std[c]}. Stateless and thread-safe.
 */
public final class Preprocessor implements ImageTransform {

    /** Changes whenever decoding or preprocessing the same bytes would give different values (part of cache keys). */
    public static final String VERSION = "preprocess/2"; // 2: Pillow-exact 8-bit resize
    private final Preprocessing p;
    private final Resampler.Filter filter;

    public Preprocessor(Preprocessing p) {
        this.p = p;
        this.filter = Resampler.Filter.of(p.interpolation());
    }

    public Preprocessing preprocessing() {
        return p;
    }

    /** Height after resize (before crop). */
    int resizedHeight(int h, int w) {
        if (p.resizeShorter() == 0) {
            return h;
        }
        // torchvision: int(size * long / short), a float division of exact integers
        return h <= w ? p.resizeShorter() : (int) ((double) ((long) p.resizeShorter() * h) / w);
    }

    /** Width after resize (before crop). */
    int resizedWidth(int h, int w) {
        if (p.resizeShorter() == 0) {
            return w;
        }
        return w <= h ? p.resizeShorter() : (int) ((double) ((long) p.resizeShorter() * w) / h);
    }

    /** Output height for an input of h x w. */
    @Override
    public int outHeight(int h, int w) {
        return p.crop() > 0 ? p.crop() : resizedHeight(h, w);
    }

    /** Output width for an input of h x w. */
    @Override
    public int outWidth(int h, int w) {
        return p.crop() > 0 ? p.crop() : resizedWidth(h, w);
    }

    @Override
    public int channels() {
        return p.channels();
    }

    /** Top (or left) offset of a centre crop, with Python's round (half to even). */
    static int cropOffset(int size, int crop) {
        return (int) Math.rint((size - crop) / 2.0);
    }

    /**
     * Returns the HWC float input for {@code image}.
     *
     * @throws IllegalArgumentException when the (resized) image is smaller than the crop
     */
    public float[] apply(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        int c = p.channels();
        int[] pixels = toBytes(image, c);
        int rh = resizedHeight(h, w);
        int rw = resizedWidth(h, w);
        int oh = rh;
        int ow = rw;
        int top = 0;
        int left = 0;
        if (p.crop() > 0) {
            if (rh < p.crop() || rw < p.crop()) {
                throw new IllegalArgumentException("image of " + w + "x" + h + " (" + rw + "x" + rh
                        + " after resize) is smaller than the crop " + p.crop());
            }
            top = cropOffset(rh, p.crop());
            left = cropOffset(rw, p.crop());
            oh = p.crop();
            ow = p.crop();
        }
        // only the crop window of the resized image is computed; values equal resize-then-crop
        int[] window = Resampler.resize8Window(pixels, w, h, c, rw, rh, left, top, ow, oh, filter);
        float[] mean = p.mean();
        float[] std = p.std();
        float[] out = new float[oh * ow * c];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int src = (y * ow + x) * c;
                int dst = (y * ow + x) * c;
                for (int ch = 0; ch < c; ch++) {
                    float v = window[src + ch] / 255f; // torchvision ToTensor: float32 division by 255
                    out[dst + ch] = (v - mean[ch]) / std[ch];
                }
            }
        }
        return out;
    }

    /** 8-bit values, HWC; gray uses PIL's integer luma (R*299 + G*587 + B*114) / 1000. */
    static int[] toBytes(BufferedImage image, int channels) {
        return toBytes(image, channels, 0, 0, image.getWidth(), image.getHeight());
    }

    /**
     * {@link #toBytes(BufferedImage, int)} of the {@code w} x {@code h} region at ({@code left}, {@code top}) only:
     * the same values as cutting that region from the whole image's, without converting the rest.
     */
    static int[] toBytes(BufferedImage image, int channels, int left, int top, int w, int h) {
        int imageW = image.getWidth();
        if (left < 0 || top < 0 || w < 0 || h < 0 || left + w > imageW || top + h > image.getHeight()) {
            throw new IllegalArgumentException("region " + w + "x" + h + " at (" + left + ", " + top
                    + ") does not fit an image of " + imageW + "x" + image.getHeight());
        }
        int[] out = new int[h * w * channels];
        int[] row = new int[w];
        // the decoder's TYPE_INT_RGB: read the packed pixels directly instead of through the colour model
        boolean packed = image.getType() == BufferedImage.TYPE_INT_RGB
                && image.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferInt
                && image.getRaster().getSampleModel() instanceof java.awt.image.SinglePixelPackedSampleModel sm
                && sm.getScanlineStride() == imageW && image.getRaster().getSampleModelTranslateX() == 0
                && image.getRaster().getSampleModelTranslateY() == 0;
        int[] data = packed ? ((java.awt.image.DataBufferInt) image.getRaster().getDataBuffer()).getData() : null;
        for (int y = 0; y < h; y++) {
            if (packed) {
                System.arraycopy(data, (top + y) * imageW + left, row, 0, w);
            } else {
                image.getRGB(left, top + y, w, 1, row, 0, w);
            }
            for (int x = 0; x < w; x++) {
                int r = (row[x] >> 16) & 0xFF;
                int g = (row[x] >> 8) & 0xFF;
                int b = row[x] & 0xFF;
                int i = (y * w + x) * channels;
                if (channels == 1) {
                    out[i] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
                } else {
                    out[i] = r;
                    out[i + 1] = g;
                    out[i + 2] = b;
                }
            }
        }
        return out;
    }

    /** The same for every position: test-time preprocessing draws nothing. */
    @Override
    public float[] apply(BufferedImage image, long position) {
        return apply(image);
    }
}

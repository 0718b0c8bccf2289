package dev.lottery.data;

import java.util.SplittableRandom;

/**
 * The augmented linear-evaluation protocol's train transform: torchvision's
 * {@code RandomResizedCrop(size, scale, ratio, interpolation)} then {@code RandomHorizontalFlip(flip)}.
 *
 * <p>{@link #sample} draws a box by torchvision's {@code get_params} algorithm (ten tries of an area in
 * {@code scale} x the image's and a log-uniform aspect in {@code ratio}, else the centre crop of the
 * clamped aspect) from a seeded generator of the suite's own; {@link #apply8} crops that box and resizes
 * it with Pillow's resampler (what torchvision's {@code resized_crop} runs on a PIL image) and flips it,
 * bit-identical to torchvision for the same box (ResizedCropGoldenTest).
 *
 * @param size            output side (the crop is size x size)
 * @param scaleMin        smallest area fraction (torchvision default 0.08)
 * @param scaleMax        largest area fraction (1.0)
 * @param ratioMin        smallest aspect w/h (3/4)
 * @param ratioMax        largest aspect (4/3)
 * @param interpolation   bilinear (torchvision default) or bicubic (BYOL)
 * @param flipProbability chance of a horizontal flip (0.5)
 */
public record RandomResizedCrop(int size, double scaleMin, double scaleMax, double ratioMin, double ratioMax,
        String interpolation, double flipProbability) {

    /** torchvision's defaults at a given size: scale (0.08, 1), ratio (3/4, 4/3), bilinear, flip 0.5. */
    public static RandomResizedCrop standard(int size) {
        return new RandomResizedCrop(size, 0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0, "bilinear", 0.5);
    }

    public RandomResizedCrop {
        if (size < 1 || !(scaleMin > 0 && scaleMin <= scaleMax && scaleMax <= 1) || !(ratioMin > 0 && ratioMin <= ratioMax)
                || !(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("RandomResizedCrop: expected size >= 1, 0 < scale min <= max <= 1, "
                    + "0 < ratio min <= max and a flip probability in [0, 1], found size " + size + ", scale ["
                    + scaleMin + ", " + scaleMax + "], ratio [" + ratioMin + ", " + ratioMax + "], flip " + flipProbability);
        }
        Resampler.Filter.of(interpolation); // an unknown interpolation fails here
    }

    /** A box for an image of {@code width} x {@code height}, and the flip, drawn from {@code rnd}. */
    public CropBox sample(int width, int height, SplittableRandom rnd) {
        double area = (double) width * height;
        double logMin = Math.log(ratioMin);
        double logMax = Math.log(ratioMax);
        CropBox box = null;
        for (int attempt = 0; attempt < 10 && box == null; attempt++) {
            double target = area * uniform(rnd, scaleMin, scaleMax);
            double aspect = Math.exp(uniform(rnd, logMin, logMax));
            int w = (int) Math.rint(Math.sqrt(target * aspect)); // Python round: half to even
            int h = (int) Math.rint(Math.sqrt(target / aspect));
            if (0 < w && w <= width && 0 < h && h <= height) {
                int top = rnd.nextInt(height - h + 1);
                int left = rnd.nextInt(width - w + 1);
                box = new CropBox(top, left, h, w, false);
            }
        }
        if (box == null) { // torchvision's fallback: the centre crop of the aspect clamped into the ratio range
            double inRatio = (double) width / height;
            int w = width;
            int h = height;
            if (inRatio < ratioMin) {
                h = (int) Math.rint(w / ratioMin);
            } else if (inRatio > ratioMax) {
                w = (int) Math.rint(h * ratioMax);
            }
            box = new CropBox((height - h) / 2, (width - w) / 2, h, w, false);
        }
        boolean flip = rnd.nextDouble() < flipProbability;
        return new CropBox(box.top(), box.left(), box.height(), box.width(), flip);
    }

    private static double uniform(SplittableRandom rnd, double lo, double hi) {
        return lo + (hi - lo) * rnd.nextDouble();
    }

    /**
     * The crop of 8-bit HWC {@code pixels} ({@code w} x {@code h}, {@code c} channels) in {@code box},
     * resized to size x size and flipped when the box says so: 8-bit HWC, what ToTensor divides by 255.
     */
    public int[] apply8(int[] pixels, int w, int h, int c, CropBox box) {
        checkFits(box, w, h);
        int[] cut = new int[box.width() * box.height() * c];
        for (int y = 0; y < box.height(); y++) {
            System.arraycopy(pixels, ((box.top() + y) * w + box.left()) * c, cut, y * box.width() * c, box.width() * c);
        }
        return resizeFlip(cut, c, box);
    }

    private static void checkFits(CropBox box, int w, int h) {
        if (box.top() + box.height() > h || box.left() + box.width() > w) {
            throw new IllegalArgumentException("crop box " + box + " does not fit an image of " + w + "x" + h);
        }
    }

    /** The box's 8-bit pixels ({@code cut}, box.width x box.height) resized to size x size, flipped when it says so. */
    private int[] resizeFlip(int[] cut, int c, CropBox box) {
        int[] out = Resampler.resize8(cut, box.width(), box.height(), c, size, size, Resampler.Filter.of(interpolation));
        if (box.flip()) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size / 2; x++) {
                    int a = (y * size + x) * c;
                    int b = (y * size + size - 1 - x) * c;
                    for (int ch = 0; ch < c; ch++) {
                        int t = out[a + ch];
                        out[a + ch] = out[b + ch];
                        out[b + ch] = t;
                    }
                }
            }
        }
        return out;
    }

    /** {@link #apply8} on a decoded image, then normalised as {@code p} normalises (ToTensor, Normalize). */
    public float[] apply(java.awt.image.BufferedImage image, CropBox box, Preprocessing p) {
        int c = p.channels();
        checkFits(box, image.getWidth(), image.getHeight());
        // only the box is converted to 8 bits: the cut apply8 would take from the whole image's bytes
        int[] crop = resizeFlip(Preprocessor.toBytes(image, c, box.left(), box.top(), box.width(), box.height()), c, box);
        float[] out = new float[crop.length];
        float[] mean = p.mean();
        float[] std = p.std();
        for (int i = 0; i < crop.length; i += c) { // per pixel, per channel: no modulo per value
            for (int ch = 0; ch < c; ch++) {
                out[i + ch] = (crop[i + ch] / 255f - mean[ch]) / std[ch];
            }
        }
        return out;
    }
}

package dev.lottery.data;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * A routine's train transform applied to the images of a split at side {@code size} (0 = the image's own
 * shorter side, for a preprocessing without resize or crop), seeded per image: the crop box and flip
 * of the image at position {@code i} come from a {@code SplittableRandom} seeded by
 * {@link #seedOf(long, long, long) seedOf(seed, stream, i)}, so they do not depend on threads, batches or
 * the other images. {@code stream} names the draw: a view index (views-K) or an epoch (augmented).
 */
public record AugmentedTransform(Preprocessing preprocessing, TrainTransform train, int size, long seed, long stream)
        implements ImageTransform {

    /** Changes whenever the same seed, stream and image would give other pixels (part of cache keys). */
    public static final String RNG = "splittable-mix64/1";

    @Override
    public float[] apply(BufferedImage image, long position) {
        RandomResizedCrop crop = train.at(side(image.getHeight(), image.getWidth()));
        CropBox box = crop.sample(image.getWidth(), image.getHeight(),
                new SplittableRandom(seedOf(seed, stream, position)));
        return crop.apply(image, box, preprocessing);
    }

    private int side(int h, int w) {
        return size > 0 ? size : Math.min(h, w);
    }

    @Override
    public int outHeight(int h, int w) {
        return side(h, w);
    }

    @Override
    public int outWidth(int h, int w) {
        return side(h, w);
    }

    @Override
    public int channels() {
        return preprocessing.channels();
    }

    /**
     * One generator seed per (seed, stream, position): two rounds of the SplitMix64 finaliser, so
     * neighbouring positions, streams and seeds give unrelated boxes.
     */
    public static long seedOf(long seed, long stream, long position) {
        return mix64(mix64(seed * 0x9E3779B97F4A7C15L + stream) ^ (position * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

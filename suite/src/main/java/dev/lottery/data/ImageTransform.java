package dev.lottery.data;

import java.awt.image.BufferedImage;

/**
 * What the decode workers do to each decoded image: the test-time {@link Preprocessor}, or a seeded
 * train-time augmentation ({@link AugmentedTransform}). An image's position in the split's stream is
 * given so that a seeded transform draws the same for it on any thread, in any batch.
 */
public interface ImageTransform {

    /** HWC floats of the transformed image at stream position {@code position}. */
    float[] apply(BufferedImage image, long position);

    int outHeight(int h, int w);

    int outWidth(int h, int w);

    int channels();
}

package dev.lottery.backbone;

import dev.lottery.features.FeatureMatrix;

/** Turns a batch of preprocessed NHWC float32 images into one feature row per image. */
public interface Backbone extends AutoCloseable {

    /** A short stable name for reports and cache keys, e.g. {@code random-resnet(w=16,seed=0)}. */
    String id();

    /**
     * Columns of every {@link FeatureMatrix} this backbone returns. The pixels backbone only knows
     * it once the image shape is fixed (given at construction or by the first batch).
     */
    int featureDim();

    /** Features of one batch of {@code n} images laid out [n, height, width, channels]; returns n rows. */
    FeatureMatrix extract(float[] nhwc, int n, int height, int width, int channels);

    /**
     * Classifier logits of one batch, for a backbone that carries its classifier (the supervised
     * torchvision canary); others throw.
     */
    default FeatureMatrix logits(float[] nhwc, int n, int height, int width, int channels) {
        throw new UnsupportedOperationException(id() + " has no classifier (only features)");
    }

    @Override
    void close();
}

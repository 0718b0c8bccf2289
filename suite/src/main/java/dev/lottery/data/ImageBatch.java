package dev.lottery.data;

/**
 * A batch of preprocessed images in dataset order.
 *
 * @param nhwc   n * height * width * channels floats, image-major then row, column, channel
 * @param keys   sample keys, one per row
 * @param labels label (set) per row
 */
public record ImageBatch(float[] nhwc, int n, int height, int width, int channels, String[] keys, int[][] labels) {}

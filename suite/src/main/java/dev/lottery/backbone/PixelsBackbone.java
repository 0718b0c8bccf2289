package dev.lottery.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lottery.features.FeatureMatrix;
import java.util.Arrays;

/**
 * The preprocessed pixels themselves as features (H*W*C per row), flattened by a reshape on the
 * graph engine's arrays so it shares the device and data path of the network backbones.
 */
final class PixelsBackbone implements Backbone {

    private final NDManager manager;
    /** [height, width, channels], fixed at construction or by the first batch; null until then. */
    private int[] imageShape;

    /** Owns {@code manager} (closed with the backbone). */
    PixelsBackbone(NDManager manager, int[] imageShape) {
        this.manager = manager;
        this.imageShape = imageShape == null ? null : imageShape.clone();
    }

    @Override
    public String id() {
        return "pixels";
    }

    @Override
    public synchronized int featureDim() {
        if (imageShape == null) {
            throw new IllegalStateException("pixels feature dimension is H*W*C of the images; no image shape yet "
                    + "(pass it to Backbones.pixels(device, h, w, c) or extract a batch first)");
        }
        return imageShape[0] * imageShape[1] * imageShape[2];
    }

    @Override
    public synchronized FeatureMatrix extract(float[] nhwc, int n, int height, int width, int channels) {
        int[] shape = {height, width, channels};
        if (imageShape == null) {
            imageShape = shape;
        } else if (!Arrays.equals(imageShape, shape)) {
            throw new IllegalArgumentException("pixels backbone expects images " + Arrays.toString(imageShape)
                    + " (HxWxC), found " + Arrays.toString(shape));
        }
        int cols = height * width * channels;
        if (nhwc.length != (long) n * cols) {
            throw new IllegalArgumentException("expected " + n + "x" + height + "x" + width + "x" + channels
                    + " = " + (long) n * cols + " input values, found " + nhwc.length);
        }
        try (NDManager batch = manager.newSubManager()) {
            NDArray images = batch.create(nhwc, new Shape(n, height, width, channels));
            return new FeatureMatrix(n, cols, images.reshape(n, cols).toFloatArray());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}

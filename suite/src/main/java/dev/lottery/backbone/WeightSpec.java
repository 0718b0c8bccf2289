package dev.lottery.backbone;

import java.util.Arrays;

/** One weight the graph expects: its torchvision key and shape. */
public record WeightSpec(String key, long[] shape) {

    public WeightSpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public boolean matches(long[] found) {
        return Arrays.equals(shape, found);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightSpec w && w.key.equals(key) && Arrays.equals(w.shape, shape);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return key + Arrays.toString(shape);
    }
}

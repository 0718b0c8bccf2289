package dev.lottery.features;

import java.util.Arrays;

/**
 * A dense row-major float32 matrix in one Java array (at most 2^31 values): one row per sample, one
 * column per feature. What the backbone produces per batch, and the form of small matrices such as
 * heads; a whole split, which may be larger, is kept as {@link FeatureRows}.
 */
public record FeatureMatrix(int rows, int cols, float[] values) {

    public FeatureMatrix {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
        }
        if (values.length != (long) rows * cols) {
            throw new IllegalArgumentException(
                    "expected " + rows + "x" + cols + " = " + (long) rows * cols + " values, got " + values.length);
        }
    }

    public float get(int row, int col) {
        return values[row * cols + col];
    }

    /** A copy of the given rows, in the given order. */
    public FeatureMatrix selectRows(int[] rowIndices) {
        float[] out = new float[rowIndices.length * cols];
        for (int i = 0; i < rowIndices.length; i++) {
            System.arraycopy(values, rowIndices[i] * cols, out, i * cols, cols);
        }
        return new FeatureMatrix(rowIndices.length, cols, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureMatrix m && m.rows == rows && m.cols == cols && Arrays.equals(m.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "FeatureMatrix[" + rows + "x" + cols + "]";
    }
}

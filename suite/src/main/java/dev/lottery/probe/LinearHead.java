package dev.lottery.probe;

import java.util.Arrays;

/**
 * A trained linear classifier: {@code logits = x W^T + b}.
 *
 * @param classes number of output classes
 * @param dim     feature dimension
 * @param weight  row-major {@code [classes][dim]}
 * @param bias    {@code [classes]}
 */
public record LinearHead(int classes, int dim, float[] weight, float[] bias) {

    public LinearHead {
        if (classes < 1 || dim < 1) {
            throw new IllegalArgumentException("linear head needs classes >= 1 and dim >= 1, got " + classes + "x" + dim);
        }
        if (weight == null || weight.length != (long) classes * dim) {
            throw new IllegalArgumentException("linear head " + classes + "x" + dim + ": expected "
                    + (long) classes * dim + " weights, got " + (weight == null ? "null" : weight.length));
        }
        if (bias == null || bias.length != classes) {
            throw new IllegalArgumentException("linear head " + classes + "x" + dim + ": expected " + classes
                    + " biases, got " + (bias == null ? "null" : bias.length));
        }
    }

    /** The weight of class {@code c} for feature {@code d}. */
    public float weight(int c, int d) {
        return weight[c * dim + d];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinearHead h && h.classes == classes && h.dim == dim
                && Arrays.equals(h.weight, weight) && Arrays.equals(h.bias, bias);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * classes + dim) + Arrays.hashCode(weight)) + Arrays.hashCode(bias);
    }

    @Override
    public String toString() {
        return "LinearHead[" + classes + "x" + dim + "]";
    }
}

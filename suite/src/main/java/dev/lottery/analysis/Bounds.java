package dev.lottery.analysis;

import java.util.Arrays;

/** A percentile interval [lower, upper] from a bootstrap; both NaN when it could not be computed. */
public record Bounds(double lower, double upper) {

    public static final Bounds NONE = new Bounds(Double.NaN, Double.NaN);

    /** The percentile interval of {@code values} (NaN entries mean "not computed": all or none). */
    static Bounds percentile(double[] values, SignificanceSettings s) {
        if (values.length == 0 || Double.isNaN(values[0])) {
            return NONE;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int lo = s.lowerIndex();
        return new Bounds(sorted[lo], sorted[sorted.length - 1 - lo]);
    }

    public boolean contains(double v) {
        return v >= lower && v <= upper;
    }
}

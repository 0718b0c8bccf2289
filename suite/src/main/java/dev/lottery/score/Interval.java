package dev.lottery.score;

/** A closed interval [lower, upper], e.g. a confidence interval for an accuracy. */
public record Interval(double lower, double upper) {

    public Interval {
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new IllegalArgumentException("expected lower <= upper, found [" + lower + ", " + upper + "]");
        }
    }

    /** Both bounds multiplied by {@code factor} (e.g. 100 to go from a fraction to percent). */
    public Interval scaled(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("expected a positive finite scale factor, found " + factor);
        }
        return new Interval(lower * factor, upper * factor);
    }

    public double width() {
        return upper - lower;
    }

    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }
}

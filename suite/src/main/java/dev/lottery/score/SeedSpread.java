package dev.lottery.score;

/**
 * Spread of one score over repeated runs with different seeds.
 *
 * @param sd sample standard deviation (divisor n - 1); 0 for a single run
 */
public record SeedSpread(int n, double mean, double sd, double min, double max) {

    /** Summary of the given per-seed values; at least one, none NaN or infinite. */
    public static SeedSpread of(double[] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("expected at least one per-seed value, found none");
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("expected finite per-seed values, found " + v + " at position " + i);
            }
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        int n = values.length;
        double mean = sum / n;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double sd = n == 1 ? 0 : Math.sqrt(squares / (n - 1));
        return new SeedSpread(n, mean, sd, min, max);
    }
}

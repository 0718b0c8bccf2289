package dev.lottery.score;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Two-sided confidence intervals for a binomial proportion {@code correct / n}, as fractions in
 * [0, 1].
 *
 * <p>{@code n = 0} is an error: there is no proportion to bound, and an "uninformative" [0, 1]
 * would look like a result in a report.
 */
public final class Intervals {

    /** Accuracy of the beta quantile search; far below what any report prints. */
    private static final double QUANTILE_ACCURACY = 1e-14;

    private Intervals() {
    }

    /**
     * Wilson score interval. Bounds are exactly 0 when {@code correct = 0} and exactly 1 when
     * {@code correct = n}.
     */
    public static Interval wilson(long correct, long n, double confidence) {
        check(correct, n, confidence);
        double z = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(0.5 + confidence / 2);
        double p = (double) correct / n;
        double z2n = z * z / n;
        double centre = (p + z2n / 2) / (1 + z2n);
        double half = z / (1 + z2n) * Math.sqrt(p * (1 - p) / n + z2n / (4.0 * n));
        double lower = correct == 0 ? 0 : Math.max(0, centre - half);
        double upper = correct == n ? 1 : Math.min(1, centre + half);
        return new Interval(lower, upper);
    }

    /**
     * Clopper-Pearson ("exact") interval from beta quantiles: lower = B(a/2; k, n-k+1),
     * upper = B(1-a/2; k+1, n-k) with a = 1 - confidence. Exactly 0 when {@code correct = 0}, exactly
     * 1 when {@code correct = n}.
     */
    public static Interval clopperPearson(long correct, long n, double confidence) {
        check(correct, n, confidence);
        double alpha = 1 - confidence;
        double lower = correct == 0 ? 0
                : beta(correct, n - correct + 1).inverseCumulativeProbability(alpha / 2);
        double upper = correct == n ? 1
                : beta(correct + 1, n - correct).inverseCumulativeProbability(1 - alpha / 2);
        return new Interval(lower, upper);
    }

    private static BetaDistribution beta(double a, double b) {
        // No random generator: only quantiles are needed, never samples.
        return new BetaDistribution(null, a, b, QUANTILE_ACCURACY);
    }

    private static void check(long correct, long n, double confidence) {
        if (n <= 0) {
            throw new IllegalArgumentException("expected at least one scored sample for an interval, found n = " + n);
        }
        if (correct < 0 || correct > n) {
            throw new IllegalArgumentException("expected 0 <= correct <= n = " + n + ", found correct = " + correct);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("expected a confidence level strictly between 0 and 1, found " + confidence);
        }
    }

    /**
     * The 95% Clopper-Pearson interval of a fixture scored over several seeds: of the mean seed's count
     * ({@code round(mean(correct))} of {@code scored}), so it says how far the images alone move the score;
     * the seeds' own spread is reported beside it, not folded in.
     */
    public static Interval overSeeds(long[] correctPerSeed, long scored) {
        long meanCorrect = Math.round(java.util.Arrays.stream(correctPerSeed).average().orElse(0));
        return clopperPearson(meanCorrect, scored, 0.95);
    }
}

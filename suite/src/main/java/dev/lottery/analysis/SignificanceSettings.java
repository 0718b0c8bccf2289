package dev.lottery.analysis;

/**
 * How the paired tests are run: {@code resamples} bootstrap resamples drawn from seeded
 * {@link java.util.SplittableRandom}s ({@code seed}), percentile intervals at {@code confidence},
 * and a test "significant" when its p-value is below {@code alpha} (per test, two-sided).
 */
public record SignificanceSettings(int resamples, long seed, double confidence, double alpha) {

    /** 1000 resamples, seed 14, 95% intervals, alpha 0.05. */
    public static final SignificanceSettings DEFAULT = new SignificanceSettings(1000, 14, 0.95, 0.05);

    public SignificanceSettings {
        if (resamples < 1) {
            throw new IllegalArgumentException("expected at least one bootstrap resample, found " + resamples);
        }
        if (!(confidence > 0 && confidence < 1) || !(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("expected confidence and alpha in (0, 1), found " + confidence + " and " + alpha);
        }
    }

    /** The order statistic (0-based) of the lower percentile end; the upper end is {@code resamples - 1 - it}. */
    int lowerIndex() {
        return (int) Math.floor(resamples * (1 - confidence) / 2 + 1e-9);
    }
}

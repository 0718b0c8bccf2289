package dev.lottery.analysis;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * How a run's checks share one family-wise false-alarm rate: the probability that an honest run
 * (nothing regressed, any numeric environment, any seeds) fails anywhere is at most
 * {@code falseAlarmRate}. A share {@link #FIXTURE_SHARE} of it goes to the per-fixture gates,
 * split over the {@code checkedFixtures} by Sidak's rule; the rest to the two suite-level tests
 * of {@link SuiteCheck} (half each). By the union bound the three together stay within the rate.
 *
 * @param falseAlarmRate  family-wise false-alarm rate of one run (for example 0.01)
 * @param checkedFixtures fixtures with an expected value in this run (m)
 */
public record GatePolicy(double falseAlarmRate, int checkedFixtures) {

    /** The family-wise false-alarm rate of one run when a suite declares none. */
    public static final double DEFAULT_FALSE_ALARM_RATE = 0.01;

    /** The part of the family-wise rate spent on per-fixture gates; the rest on the suite-level tests. */
    public static final double FIXTURE_SHARE = 0.8;

    /** Power at which {@link FixtureCheck#detectable()} is stated. */
    public static final double POWER = 0.95;

    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    public GatePolicy {
        if (!(falseAlarmRate > 0 && falseAlarmRate < 1)) {
            throw new IllegalArgumentException("false-alarm rate must be in (0, 1), found " + falseAlarmRate);
        }
        if (checkedFixtures < 0) {
            throw new IllegalArgumentException("checked fixtures must be >= 0, found " + checkedFixtures);
        }
    }

    /** Two-sided false-alarm rate of each fixture's gate: 1 - (1 - share x rate)^(1/m). */
    public double fixtureAlpha() {
        int m = Math.max(1, checkedFixtures);
        return -Math.expm1(Math.log1p(-FIXTURE_SHARE * falseAlarmRate) / m);
    }

    /** Rate of each of the two suite-level tests. */
    public double suiteTestAlpha() {
        return (1 - FIXTURE_SHARE) * falseAlarmRate / 2;
    }

    /** The critical |z| of a fixture's gate: the Student-t quantile at {@code df} (normal when df is 0). */
    public double critical(int df) {
        return quantile(1 - fixtureAlpha() / 2, df);
    }

    /** The extra |z| a shift needs over {@link #critical} to be caught with {@link #POWER}. */
    public static double powerQuantile(int df) {
        return quantile(POWER, df);
    }

    /** Two-sided p-value of a standardised difference. */
    public static double pValue(double z, int df) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        double tail = df > 0 ? new TDistribution(null, df).cumulativeProbability(-Math.abs(z))
                : NORMAL.cumulativeProbability(-Math.abs(z));
        return Math.min(1, 2 * tail);
    }

    static double quantile(double p, int df) {
        return df > 0 ? new TDistribution(null, df).inverseCumulativeProbability(p) : NORMAL.inverseCumulativeProbability(p);
    }
}

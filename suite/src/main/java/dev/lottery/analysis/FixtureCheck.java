package dev.lottery.analysis;

/**
 * One fixture's verdict under its {@link NoiseModel} and the run's {@link GatePolicy}.
 *
 * <p>With d = score - expected and sigma = {@code noise.sigma(seeds)}: the standardised difference is
 * z = sign(d) max(0, |d| - allowance) / sigma; the gate fails when |z| > t(1 - alpha_i / 2; df), that is
 * when |d| > {@code threshold} = allowance + critical x sigma. {@code detectable} is the smallest
 * shift of the true mean caught with 95% power: allowance + (critical + t(0.95; df)) x sigma. A fixture
 * whose noise model is empty is a fixed band of its allowance: z is NaN and detectable = threshold.
 *
 * @param status    pass, fail, or recorded (no expected value)
 * @param expected  null when record-only
 * @param seeds     n, the number of seeds in the suite's mean
 * @param sigma     the noise sd of (n-seed mean - expected), pp
 * @param z         standardised difference (NaN when recorded or uncalibrated)
 * @param pValue    two-sided p-value of z (NaN when z is)
 * @param critical  the critical |z| (NaN when uncalibrated)
 * @param threshold the largest |d| that passes, pp
 * @param detectable smallest true shift caught with 95% power, pp
 */
public record FixtureCheck(
        Status status,
        Double expected,
        NoiseModel noise,
        GatePolicy policy,
        int seeds,
        double sigma,
        double z,
        double pValue,
        double critical,
        double threshold,
        double detectable) {

    /** Checks an n-seed mean {@code score} (percent) against {@code expected} (null = record-only). */
    public static FixtureCheck of(double score, int seeds, Double expected, NoiseModel noise, GatePolicy policy) {
        if (expected == null) {
            return new FixtureCheck(Status.RECORDED, null, noise, policy, seeds, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN);
        }
        if (!Double.isFinite(expected)) {
            throw new IllegalArgumentException("expected value must be finite, found " + expected);
        }
        if (!noise.calibrated()) {
            Status s = ExpectationCheck.check(score, expected, noise.allowance());
            return new FixtureCheck(s, expected, noise, policy, seeds, 0, Double.NaN, Double.NaN, Double.NaN,
                    noise.allowance(), noise.allowance());
        }
        double sigma = noise.sigma(seeds);
        double critical = policy.critical(noise.seedDf());
        double threshold = noise.allowance() + critical * sigma;
        double detectable = noise.allowance() + (critical + GatePolicy.powerQuantile(noise.seedDf())) * sigma;
        double d = score - expected;
        double z = Double.isNaN(d) ? Double.NaN : Math.signum(d) * Math.max(0, Math.abs(d) - noise.allowance()) / sigma;
        double p = GatePolicy.pValue(z, noise.seedDf());
        Status s = !Double.isNaN(z) && Math.abs(z) <= critical + ExpectationCheck.SLACK ? Status.PASS : Status.FAIL;
        return new FixtureCheck(s, expected, noise, policy, seeds, sigma, z, p, critical, threshold, detectable);
    }

    /** The same check under another policy (a merged run has more fixtures than each of its shards). */
    public FixtureCheck under(GatePolicy other, double score) {
        return of(score, seeds, expected, noise, other);
    }
}

package dev.lottery.analysis;

/**
 * The noise an expectation allows for, in percentage points: what separates an honest run's n-seed
 * mean from the expected value when nothing has regressed.
 *
 * <p>{@code sigma(n) = sqrt(sdSeed^2 / n + refSe^2 + sdNumeric^2)}: the seed spread of the suite's
 * n-seed mean, the standard error of the expected value itself (a reference's R-seed mean has
 * {@code sd_ref / sqrt(R)}), and the numeric sensitivity (the spread of many-seed means over numeric
 * environments: oneDNN on/off, ISA caps, thread counts, engines, beyond what their seeds explain).
 * {@code allowance} is a declared systematic band on top (a known protocol gap, a published number's
 * rounding), never noise: a fixture with only an allowance is a fixed band, not a calibrated gate.
 *
 * @param sdSeed    per-seed sample sd of the score (pp)
 * @param seedDf    degrees of freedom of {@code sdSeed}'s estimate; 0 = treat it as known (normal quantiles)
 * @param refSe     standard error of the expected value (pp)
 * @param sdNumeric between-environment sd of the many-seed mean (pp)
 * @param allowance declared systematic band (pp), added to the noise threshold
 */
public record NoiseModel(double sdSeed, int seedDf, double refSe, double sdNumeric, double allowance) {

    /** A fixed band of {@code allowance} pp and no modelled noise. */
    public static NoiseModel band(double allowance) {
        return new NoiseModel(0, 0, 0, 0, allowance);
    }

    public NoiseModel {
        check("sd_seed", sdSeed);
        check("ref_se", refSe);
        check("sd_numeric", sdNumeric);
        check("allowance", allowance);
        if (seedDf < 0) {
            throw new IllegalArgumentException("seed_df must be >= 0, found " + seedDf);
        }
    }

    private static void check(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0 (percentage points), found " + v);
        }
    }

    /** The sd of (n-seed mean - expected) under no regression, pp. */
    public double sigma(int seeds) {
        if (seeds < 1) {
            throw new IllegalArgumentException("expected at least one seed, found " + seeds);
        }
        return Math.sqrt(sdSeed * sdSeed / seeds + refSe * refSe + sdNumeric * sdNumeric);
    }

    /** True when some noise is modelled (the gate is calibrated, not a fixed band). */
    public boolean calibrated() {
        return sdSeed > 0 || refSe > 0 || sdNumeric > 0;
    }
}

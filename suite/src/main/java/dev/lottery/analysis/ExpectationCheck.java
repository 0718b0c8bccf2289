package dev.lottery.analysis;

/** Compares a score with its declared expected value. */
public final class ExpectationCheck {

    /**
     * Slack added to the tolerance so decimal values compare as written: 75.27 vs 75.30 with
     * tolerance 0.03 differ by 0.030000000000001137 in binary floating point and should pass.
     */
    static final double SLACK = 1e-9;

    private ExpectationCheck() {
    }

    /**
     * {@link Status#RECORDED} when {@code expected} is null (record-only); otherwise
     * {@link Status#PASS} when {@code |score - expected| <= tolerance} (absolute percentage points,
     * with a {@value #SLACK} slack for decimal rounding) and {@link Status#FAIL} else, including
     * when the score is NaN.
     */
    public static Status check(double score, Double expected, double tolerance) {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("expected a finite tolerance >= 0 (percentage points), found " + tolerance);
        }
        if (expected == null) {
            return Status.RECORDED;
        }
        if (!Double.isFinite(expected)) {
            throw new IllegalArgumentException("expected value must be finite, found " + expected);
        }
        return Math.abs(score - expected) <= tolerance + SLACK ? Status.PASS : Status.FAIL;
    }
}

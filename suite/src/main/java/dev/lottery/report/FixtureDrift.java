package dev.lottery.report;

import java.util.List;

/**
 * One fixture of a run compared with the same fixture of a baseline run.
 *
 * @param baseline        the baseline's score (percent), null when the baseline lacks the fixture
 * @param current         this run's score (percent), null when this run lacks the fixture
 * @param change          current − baseline, percentage points (NaN when either is missing)
 * @param combinedError   half-width of the 95% interval of the difference: √(e₁² + e₂²) of the two
 *                        runs' {@code scoreError}s (independent test-set intervals)
 * @param beyondInterval  |change| exceeds {@code combinedError}
 * @param tolerance       the drift tolerance applied, percentage points
 * @param toleranceSource where {@code tolerance} came from (option, declared expectation, default)
 * @param beyondTolerance |change| exceeds {@code tolerance}: this is what counts as drift
 * @param explanations    environment differences that could explain a change, e.g.
 *                        {@code "device: cpu() -> gpu(0)"}
 */
public record FixtureDrift(
        String framework,
        String variant,
        Double baseline,
        Double current,
        double change,
        double combinedError,
        boolean beyondInterval,
        double tolerance,
        String toleranceSource,
        boolean beyondTolerance,
        List<String> explanations) {

    public FixtureDrift {
        explanations = List.copyOf(explanations);
    }

    /** Drifted: beyond the tolerance, or measured by the baseline and missing now. */
    public boolean drifted() {
        return beyondTolerance || (baseline != null && current == null);
    }

    public String verdict() {
        if (current == null) {
            return "missing";
        }
        if (baseline == null) {
            return "new";
        }
        return beyondTolerance ? "DRIFT" : "ok";
    }
}

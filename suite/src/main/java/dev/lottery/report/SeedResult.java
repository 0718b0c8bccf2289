package dev.lottery.report;

import java.util.List;

/** One seed's head scored on one variant: the raw measurement behind a fixture's score. */
public record SeedResult(
        long seed, double accuracy, long correct, long scored, long excluded, double lower, double upper,
        String headKey, boolean headFromCache, List<Double> referenceByEpoch, int reportedEpoch) {

    /**
     * @param referenceByEpoch the reference variant's accuracy after each epoch, percent (only under the
     *                         best-val epoch rule; empty otherwise)
     * @param reportedEpoch    the epoch whose head is reported (1-based; 0 = the last, the default rule)
     */
    public SeedResult {
        referenceByEpoch = referenceByEpoch == null ? List.of() : List.copyOf(referenceByEpoch);
    }

    /** A seed reported with its last epoch's head. */
    public SeedResult(long seed, double accuracy, long correct, long scored, long excluded, double lower,
            double upper, String headKey, boolean headFromCache) {
        this(seed, accuracy, correct, scored, excluded, lower, upper, headKey, headFromCache, List.of(), 0);
    }
}

package dev.lottery.score;

/**
 * The score of one head on one variant.
 *
 * @param correct   samples whose prediction the rule counts as correct
 * @param scored    samples in the denominator
 * @param excluded  samples left out by the rule (ReaL: empty label set); not in {@code scored}
 * @param accuracy  {@code 100 * correct / scored}, percent
 * @param interval  95% Clopper-Pearson interval for the accuracy, percent
 */
public record Score(long correct, long scored, long excluded, double accuracy, Interval interval) {

    /** The confidence level of {@link #interval()}. */
    public static final double CONFIDENCE = 0.95;

    public Score {
        if (scored <= 0 || correct < 0 || correct > scored || excluded < 0) {
            throw new IllegalArgumentException("expected 0 <= correct <= scored, scored >= 1, excluded >= 0; found correct = "
                    + correct + ", scored = " + scored + ", excluded = " + excluded);
        }
    }

    /** Accuracy and 95% Clopper-Pearson interval computed from the counts. */
    public static Score of(long correct, long scored, long excluded) {
        if (scored <= 0) {
            throw new IllegalArgumentException("no sample was scored (" + excluded
                    + " excluded): an accuracy needs at least one scored sample");
        }
        return new Score(correct, scored, excluded, 100.0 * correct / scored,
                Intervals.clopperPearson(correct, scored, CONFIDENCE).scaled(100));
    }
}

package dev.lottery.analysis;

/**
 * One fixture's score as the cross-variant analysis needs it: which cell of the
 * {@link ScoreTable} it fills. The report's fixture results are these; analysis needs no more of them.
 */
public interface FixtureScore {

    String framework();

    String variant();

    /** Accuracy, percent in [0, 100]. */
    double score();
}

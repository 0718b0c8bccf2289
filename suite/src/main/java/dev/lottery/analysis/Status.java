package dev.lottery.analysis;

/** Outcome of checking a score against its expectation. */
public enum Status {
    /** Within tolerance of the expected value. */
    PASS,
    /** Outside tolerance, or no score to compare. */
    FAIL,
    /** No expected value declared: recorded, not checked. Never counts as a pass. */
    RECORDED
}

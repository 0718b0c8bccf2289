package dev.lottery.analysis;

/** How an aggregate combines one framework's per-variant scores. */
public enum AggregateKind {
    /** Arithmetic mean, every variant counts the same. */
    MEAN,
    /** Sum of weight x score divided by the sum of the weights (e.g. weights = test-set sizes). */
    WEIGHTED_MEAN,
    /** n-th root of the product; one zero score makes it zero. */
    GEOMETRIC_MEAN
}

package dev.lottery.probe;

/**
 * The shape of the learning rate over training; see {@link Routine#learningRate(int, int)} for the
 * exact per-iteration values.
 */
public enum Schedule {
    /** The base learning rate throughout (after any warmup). */
    CONSTANT,
    /** The base learning rate multiplied by {@code gamma} at each milestone epoch. */
    STEP,
    /** Half a cosine from the base learning rate down to 0 over the iterations after warmup. */
    COSINE
}

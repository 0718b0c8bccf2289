package dev.lottery.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The engine's gather op, which DJL's engine-neutral NDArray API does not give for every engine:
 * rows of a device array picked by an index array, on the device. A gather copies values and does
 * no arithmetic, so the result is bit for bit the rows a host gather would have uploaded.
 * {@link Engines#rowGather()} gives the default engine's.
 */
@FunctionalInterface
public interface RowGather {

    /**
     * {@code out[i] = source[indices[i]]} along the first axis, as a new array owned by {@code scope}.
     *
     * @param source  {@code [n, ...]} on {@code scope}'s device
     * @param indices {@code [B]} int32 in {@code [0, n)}, on {@code scope}'s device
     */
    NDArray gather(NDManager scope, NDArray source, NDArray indices);
}

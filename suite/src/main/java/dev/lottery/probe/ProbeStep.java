package dev.lottery.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * One optimizer step of a linear head on a batch: the seam between the engine-neutral training
 * procedure ({@link LinearProbe}: init, shuffling, batching, learning-rate schedule) and an engine's
 * arithmetic. Shared by {@link LinearProbe} and {@code bench.ProbeBenchmark}, so the benchmark
 * measures the step training really runs.
 *
 * <p>Contract, whatever the implementation: the loss is the mean softmax cross-entropy over the
 * batch, {@code logits = X W^T + b}; its gradient is {@code dW = G^T X / B}, {@code db = sum_rows(G) / B}
 * with {@code G = softmax(logits) - onehot(y)}; the update is the one {@link Routine} documents
 * (PyTorch's {@code torch.optim.SGD} with momentum buffers starting at zero, optional Nesterov and
 * weight decay; for LARS the weight gradient incl. weight decay scaled by {@link #trustRatio}, the
 * bias getting neither). Implementations agree up to float32 rounding; the fused TensorFlow step
 * ({@code probe.tensorflow.FusedProbeStep}) is the one training uses, {@link ReferenceProbeStep}
 * the plain NDArray version that tests cross-check it against.
 *
 * <p>Every array a step makes is freed when the step ends, so device memory stays flat over
 * training. Not thread-safe.
 */
public interface ProbeStep extends AutoCloseable {

    /** Makes a step: puts {@code initial} on {@code parent}'s device with the optimizer of {@code routine}. */
    @FunctionalInterface
    interface Factory {
        /**
         * A step holding {@code initial} on {@code parent}'s device with the optimizer settings of
         * {@code routine} (its schedule, epochs and batch size are the caller's business, except that
         * the batch size is the full batch a last partial batch is measured against).
         */
        ProbeStep open(NDManager parent, LinearHead initial, Routine routine);
    }

    int classes();

    int dim();

    /**
     * Whether this step is fastest fed rows followed by a 1 ({@code [B][dim + 1]}): it keeps its bias as
     * the last row of its weight matrix, so the products add the bias and give its gradient. A batch
     * source that can write that column for free does so; {@code [B][dim]} batches are taken either way.
     */
    default boolean biasColumn() {
        return false;
    }

    /**
     * Updates the head with one step on a batch.
     *
     * @param features {@code [B][dim]} float32 on this step's device, or {@code [B][dim + 1]} with every
     *                 row's last value 1 when the step asks for it ({@link #biasColumn()})
     * @param labels   {@code [B]} int32 class indices in [0, classes)
     * @param lr       the learning rate of this iteration, &ge; 0
     */
    void apply(NDArray features, NDArray labels, double lr);

    /** The current head's logits on a batch, row-major {@code [B][classes]}: the forward pass of {@link #apply}. */
    float[] logits(NDArray features);

    /**
     * The mean softmax cross-entropy gradient of the current head on a batch (without weight decay),
     * on the host: {dW row-major [classes][dim], db [classes]}. For tests of the analytic gradient.
     */
    float[][] gradients(NDArray features, NDArray labels);

    /**
     * Reads one weight back to the host. Forces all queued device work on the weights to finish;
     * benchmarks call it so that a step is measured to completion.
     */
    float firstWeight();

    /** The current head, copied to the host, weight row-major {@code [classes][dim]}. */
    LinearHead head();

    /**
     * The optimizer's state as this implementation keeps it, copied to the host: {@code {weight buffer
     * [classes][dim], bias buffer [classes]}}. With {@link #head()} it is all a resumed run needs; it is only
     * meaningful to a step of the same implementation ({@link #restore}).
     */
    float[][] state();

    /** Replaces the optimizer's state with one {@link #state()} of the same implementation returned. */
    void restore(float[][] state);

    /** Rejects a saved state of the wrong shape, naming both. */
    static void checkState(float[][] state, int classes, int dim) {
        if (state == null || state.length != 2 || state[0].length != (long) classes * dim || state[1].length != classes) {
            throw new IllegalArgumentException("an optimizer state of a " + classes + "x" + dim + " head holds "
                    + (long) classes * dim + " + " + classes + " values, found "
                    + (state == null ? "none" : state.length == 2 ? state[0].length + " + " + state[1].length
                            : state.length + " arrays"));
        }
    }

    @Override
    void close();

    /** LARS trust ratio {@code eta*||w||/||g||}, or 1 when either norm is 0 (SimSiam's LARS). */
    static double trustRatio(double weightNorm, double gradNorm, double eta) {
        return weightNorm > 0 && gradNorm > 0 ? eta * weightNorm / gradNorm : 1.0;
    }

    /** Rejects a negative, NaN or infinite learning rate (the check every {@link #apply} makes first). */
    static void checkLearningRate(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a finite number >= 0, got " + lr);
        }
    }
}

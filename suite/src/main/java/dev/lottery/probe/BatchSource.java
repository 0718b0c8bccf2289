package dev.lottery.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Where {@link LinearProbe} takes its training batches from: the rows of one epoch's permutation,
 * walked in windows of a fixed batch size (the last one partial), each handed over on the training
 * device. Every implementation gives, for the same rows, labels and order, the same values in the
 * same order; they differ only in where the rows wait ({@link FeaturePlacement}). So which one
 * trains a head changes no arithmetic, and no bit of the head.
 *
 * <p>Use: {@link #startEpoch} with the epoch's order, then {@link #next} {@code ceil(rows/batch)}
 * times, closing each batch once its step is done. Not thread-safe.
 */
public interface BatchSource extends AutoCloseable {

    /**
     * Starts walking {@code order} (a permutation of the row indices). The caller must not change
     * {@code order} until the epoch's last batch has been taken: a source may read ahead.
     */
    void startEpoch(int[] order);

    /** The epoch's next window {@code order[start .. start+B-1]}; throws when the epoch has none left. */
    Batch next();

    /** Frees what the source holds on the device and stops any reading ahead. */
    @Override
    void close();

    /**
     * One batch on the training device: features {@code [B][dim]} float32 and labels {@code [B]}
     * int32, both owned by {@code scope}, which {@link #close()} frees.
     */
    record Batch(NDManager scope, NDArray features, NDArray labels) implements AutoCloseable {
        @Override
        public void close() {
            scope.close();
        }
    }

    /** The window bookkeeping every source shares: which rows of the order come next. */
    final class Windows {
        private final int rows;
        private final int batch;
        private int[] order;
        private int start;

        Windows(int rows, int batch) {
            if (batch < 1 || rows < 1) {
                throw new IllegalArgumentException("need rows >= 1 and batch >= 1, got " + rows + " and " + batch);
            }
            this.rows = rows;
            this.batch = batch;
        }

        void start(int[] epochOrder) {
            if (epochOrder.length != rows) {
                throw new IllegalArgumentException("an order of " + rows + " rows expected, got " + epochOrder.length);
            }
            this.order = epochOrder;
            this.start = 0;
        }

        boolean hasNext() {
            return order != null && start < rows;
        }

        int[] order() {
            return order;
        }

        /** {@code {from, to}} of the next window, advancing past it. */
        int[] take() {
            if (!hasNext()) {
                throw new IllegalStateException("no batch left in this epoch (call startEpoch first)");
            }
            int from = start;
            start = Math.min(rows, start + batch);
            return new int[] {from, start};
        }
    }
}

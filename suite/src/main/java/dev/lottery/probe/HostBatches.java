package dev.lottery.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lottery.features.FeatureRows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Cuts training batches out of rows that stay on the host: gathers the rows of one batch, in the
 * given order, into one reused buffer and uploads only that batch ({@code B x dim} floats) and its
 * labels. O(batch) per step, whatever the number of rows. Shared by {@link LinearProbe} and the
 * benchmarks, so they measure what training runs.
 */
public final class HostBatches {

    private final Gather x;
    private final int cols;
    private final int[] labels;
    /** Direct and in native order: the engine copies it into a tensor without another host copy. */
    private final ByteBuffer rows;
    private final FloatBuffer rowFloats;
    private final int[] batchLabels;

    /** Gathers rows {@code idx[from..to-1]} into a buffer from its position 0 ({@link FeatureRows#gatherRows}). */
    @FunctionalInterface
    public interface Gather {
        void gatherRows(int[] idx, int from, int to, java.nio.FloatBuffer dst);
    }

    public HostBatches(FeatureRows x, int[] labels, int maxBatch) {
        this(x::gatherRows, x.cols(), labels, maxBatch);
    }

    /** Batches of {@code cols}-wide rows gathered by {@code x} (an epoch's rows, {@link EpochRows}). */
    public HostBatches(Gather x, int cols, int[] labels, int maxBatch) {
        this.x = x;
        this.cols = cols;
        this.labels = labels;
        this.rows = ByteBuffer.allocateDirect(Math.multiplyExact(maxBatch, cols * Float.BYTES))
                .order(ByteOrder.nativeOrder());
        this.rowFloats = rows.asFloatBuffer();
        this.batchLabels = new int[maxBatch];
    }

    /**
     * The batch of rows {@code order[from .. to-1]} on {@code scratch}'s device:
     * {@code {features [B][dim] float32, labels [B] int32}}, freed with {@code scratch}.
     */
    public NDArray[] upload(NDManager scratch, int[] order, int from, int to) {
        int b = to - from;
        if (b < 1 || b > batchLabels.length) {
            throw new IllegalArgumentException("a batch holds 1.." + batchLabels.length + " rows, asked for " + b);
        }
        x.gatherRows(order, from, to, rowFloats);
        for (int i = 0; i < b; i++) {
            batchLabels[i] = labels[order[from + i]];
        }
        NDArray features = scratch.create(rows.slice(0, b * cols * Float.BYTES), new Shape(b, cols),
                DataType.FLOAT32);
        NDArray y = scratch.create(b == batchLabels.length ? batchLabels : Arrays.copyOf(batchLabels, b), new Shape(b));
        return new NDArray[] {features, y};
    }
}

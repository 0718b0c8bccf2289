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
 * labels. O(batch) per step, whatever the number of rows. With a bias column each row is followed by
 * a 1 ({@code B x (dim + 1)}, {@link ProbeStep#biasColumn()}), written once into the buffer: the gather
 * never touches it. Shared by {@link LinearProbe} and the benchmarks, so they measure what training runs.
 */
public final class HostBatches {

    private final Gather x;
    private final int cols;
    /** Floats per uploaded row: {@code cols}, or {@code cols + 1} with the bias column. */
    private final int width;
    private final int[] labels;
    /** Direct and in native order: the engine copies it into a tensor without another host copy. */
    private final ByteBuffer rows;
    private final FloatBuffer rowFloats;
    private final int[] batchLabels;

    /**
     * Gathers rows {@code idx[from..to-1]} into a buffer from its position 0, the k-th at {@code k * stride}
     * ({@link FeatureRows#gatherRows(int[], int, int, java.nio.FloatBuffer, int)}).
     */
    @FunctionalInterface
    public interface Gather {
        void gatherRows(int[] idx, int from, int to, java.nio.FloatBuffer dst, int stride);
    }

    public HostBatches(FeatureRows x, int[] labels, int maxBatch) {
        this(x, labels, maxBatch, false);
    }

    /** @param biasColumn each row followed by a 1 ({@link ProbeStep#biasColumn()}) */
    public HostBatches(FeatureRows x, int[] labels, int maxBatch, boolean biasColumn) {
        this(x::gatherRows, x.cols(), labels, maxBatch, biasColumn);
    }

    /** Batches of {@code cols}-wide rows gathered by {@code x} (an epoch's rows, {@link EpochRows}). */
    public HostBatches(Gather x, int cols, int[] labels, int maxBatch, boolean biasColumn) {
        this.x = x;
        this.cols = cols;
        this.width = biasColumn ? cols + 1 : cols;
        this.labels = labels;
        this.rows = ByteBuffer.allocateDirect(Math.multiplyExact(maxBatch, width * Float.BYTES))
                .order(ByteOrder.nativeOrder());
        this.rowFloats = rows.asFloatBuffer();
        if (biasColumn) {
            for (int r = 0; r < maxBatch; r++) {
                rowFloats.put(r * width + cols, 1f);
            }
        }
        this.batchLabels = new int[maxBatch];
    }

    /**
     * The batch of rows {@code order[from .. to-1]} on {@code scratch}'s device:
     * {@code {features [B][dim] (or [B][dim + 1] with the bias column) float32, labels [B] int32}}, freed
     * with {@code scratch}.
     */
    public NDArray[] upload(NDManager scratch, int[] order, int from, int to) {
        int b = to - from;
        if (b < 1 || b > batchLabels.length) {
            throw new IllegalArgumentException("a batch holds 1.." + batchLabels.length + " rows, asked for " + b);
        }
        x.gatherRows(order, from, to, rowFloats, width);
        for (int i = 0; i < b; i++) {
            batchLabels[i] = labels[order[from + i]];
        }
        NDArray features = scratch.create(rows.slice(0, b * width * Float.BYTES), new Shape(b, width),
                DataType.FLOAT32);
        NDArray y = scratch.create(b == batchLabels.length ? batchLabels : Arrays.copyOf(batchLabels, b), new Shape(b));
        return new NDArray[] {features, y};
    }
}

package dev.lottery.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lottery.features.FeatureRows;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * {@link FeaturePlacement#DEVICE}: every training row uploaded to the device once, and each batch
 * gathered there by the permutation's indices ({@link RowGather}); per step only the batch's
 * indices ({@code B} ints) cross to the device.
 *
 * <p>The rows are uploaded in blocks of at most {@code blockRows} rows, staged through one host
 * buffer, since the store may be memory-mapped chunks and one host buffer holds at most 2 GB. A
 * batch whose rows all sit in one block is one gather; otherwise each block's rows are gathered
 * (in batch order), the pieces joined, and one more gather puts the rows back in batch order. All
 * are copies: the batch is the rows {@code order[start..]} in that order, bit for bit what
 * {@link HostBatches} uploads. Labels are resident too, one int32 array gathered by the same
 * indices.
 *
 * <p>Device memory: rows x dim x 4 + rows x 4 bytes for as long as the source is open, plus one
 * block's staging on the host while uploading.
 */
final class DeviceBatches implements BatchSource {

    /** Values per uploaded block: 2^28 floats = 1 GiB, as the store's chunks. */
    static final long BLOCK_VALUES = 1L << 28;

    private final NDManager manager;
    private final NDManager resident;
    private final RowGather gather;
    private final int blockRows;
    private final NDArray[] blocks;
    private final NDArray labels;
    private final Windows windows;

    DeviceBatches(NDManager manager, FeatureRows x, int[] labels, int batch, RowGather gather) {
        this(manager, x, labels, batch, gather, FeatureRows.chunkRowsFor(x.cols(), BLOCK_VALUES));
    }

    /** As above with blocks of {@code blockRows} rows (a test makes them small to exercise the joins). */
    DeviceBatches(NDManager manager, FeatureRows x, int[] labels, int batch, RowGather gather, int blockRows) {
        if (labels.length != x.rows()) {
            throw new IllegalArgumentException(x.rows() + " rows but " + labels.length + " labels");
        }
        this.manager = manager;
        this.gather = gather;
        this.blockRows = Math.max(1, Math.min(blockRows, x.rows()));
        this.windows = new Windows(x.rows(), batch);
        this.resident = manager.newSubManager();
        try {
            this.blocks = upload(resident, x, this.blockRows);
            this.labels = resident.create(labels, new Shape(labels.length));
        } catch (RuntimeException | Error e) {
            resident.close();
            throw e;
        }
    }

    private static NDArray[] upload(NDManager resident, FeatureRows x, int blockRows) {
        int count = (x.rows() + blockRows - 1) / blockRows;
        NDArray[] out = new NDArray[count];
        ByteBuffer staging = ByteBuffer.allocateDirect(Math.multiplyExact(blockRows, x.cols() * Float.BYTES))
                .order(ByteOrder.nativeOrder());
        FloatBuffer floats = staging.asFloatBuffer();
        for (int b = 0; b < count; b++) {
            int start = b * blockRows;
            int n = Math.min(blockRows, x.rows() - start);
            x.copyRows(start, n, floats, 0);
            out[b] = resident.create(staging.slice(0, n * x.cols() * Float.BYTES), new Shape(n, x.cols()),
                    DataType.FLOAT32);
        }
        return out;
    }

    /** How many device blocks hold the rows. */
    int blockCount() {
        return blocks.length;
    }

    @Override
    public void startEpoch(int[] order) {
        windows.start(order);
    }

    @Override
    public Batch next() {
        int[] w = windows.take();
        int[] order = windows.order();
        int b = w[1] - w[0];
        int[] global = new int[b];
        System.arraycopy(order, w[0], global, 0, b);
        NDManager scope = manager.newSubManager();
        try {
            NDArray globalIdx = scope.create(global, new Shape(b));
            NDArray y = gather.gather(scope, labels, globalIdx);
            return new Batch(scope, features(scope, global, globalIdx), y);
        } catch (RuntimeException | Error e) {
            scope.close();
            throw e;
        }
    }

    private NDArray features(NDManager scope, int[] global, NDArray globalIdx) {
        if (blocks.length == 1) {
            return gather.gather(scope, blocks[0], globalIdx);
        }
        int b = global.length;
        // rows per block, then each position's place in the block-grouped concatenation
        int[] perBlock = new int[blocks.length];
        for (int g : global) {
            perBlock[g / blockRows]++;
        }
        int[] offset = new int[blocks.length];
        for (int k = 1; k < blocks.length; k++) {
            offset[k] = offset[k - 1] + perBlock[k - 1];
        }
        int[][] local = new int[blocks.length][];
        for (int k = 0; k < blocks.length; k++) {
            local[k] = new int[perBlock[k]];
        }
        int[] filled = new int[blocks.length];
        int[] placeOf = new int[b];
        for (int i = 0; i < b; i++) {
            int k = global[i] / blockRows;
            local[k][filled[k]] = global[i] - k * blockRows;
            placeOf[i] = offset[k] + filled[k]++;
        }
        NDList pieces = new NDList();
        int single = -1;
        for (int k = 0; k < blocks.length; k++) {
            if (perBlock[k] > 0) {
                pieces.add(gather.gather(scope, blocks[k], scope.create(local[k], new Shape(perBlock[k]))));
                single = perBlock[k] == b ? k : single;
            }
        }
        if (single >= 0) {
            return pieces.get(0); // every row in one block, already in batch order
        }
        NDArray grouped = NDArrays.concat(pieces, 0);
        return gather.gather(scope, grouped, scope.create(placeOf, new Shape(b)));
    }

    @Override
    public void close() {
        resident.close();
    }
}

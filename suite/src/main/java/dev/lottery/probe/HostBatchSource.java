package dev.lottery.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lottery.features.FeatureRows;

/**
 * {@link FeaturePlacement#HOST}: each batch gathered on the host and uploaded when it is asked for,
 * on the caller's thread ({@link HostBatches}). The path of every CPU run: there the "upload" is a
 * copy within host memory, and a reading-ahead thread would only compete with the engine's threads.
 */
final class HostBatchSource implements BatchSource {

    private final NDManager manager;
    private final HostBatches host;
    private final Windows windows;

    HostBatchSource(NDManager manager, FeatureRows x, int[] labels, int batch) {
        this(manager, x, labels, batch, false);
    }

    /** @param biasColumn each row followed by a 1 ({@link ProbeStep#biasColumn()}) */
    HostBatchSource(NDManager manager, FeatureRows x, int[] labels, int batch, boolean biasColumn) {
        this(manager, new HostBatches(x, labels, batch, biasColumn), x.rows(), batch);
    }

    /** Batches of {@code rows} rows gathered by {@code host} (an epoch's rows, {@link EpochRows}). */
    HostBatchSource(NDManager manager, HostBatches host, int rows, int batch) {
        this.manager = manager;
        this.host = host;
        this.windows = new Windows(rows, batch);
    }

    @Override
    public void startEpoch(int[] order) {
        windows.start(order);
    }

    @Override
    public Batch next() {
        int[] w = windows.take();
        NDManager scope = manager.newSubManager();
        try {
            NDArray[] xy = host.upload(scope, windows.order(), w[0], w[1]);
            return new Batch(scope, xy[0], xy[1]);
        } catch (RuntimeException e) {
            scope.close();
            throw e;
        }
    }

    @Override
    public void close() {
        // nothing on the device outlives a batch
    }
}

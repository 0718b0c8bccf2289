package dev.lottery.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lottery.features.FeatureRows;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@link FeaturePlacement#PREFETCH}: the host gather of {@link HostBatches}, with a one-slot read-ahead.
 * While the caller runs the step on batch {@code k}, one worker thread gathers batch {@code k+1} on
 * the host and uploads it to the device, so on a GPU the gather and the host-to-device copy overlap
 * the step instead of adding to it. The batches are the ones {@link HostBatchSource} gives, in the
 * same order; only the time at which they are made differs.
 *
 * <p>Two host buffers alternate, so a batch being gathered never overwrites the buffer of the
 * batch in use (whether or not the engine copied it). The read-ahead stays within an epoch: the
 * next epoch's first batch is gathered when that epoch starts, after its order is drawn.
 */
final class PrefetchedBatches implements BatchSource {

    private final NDManager manager;
    private final HostBatches[] buffers;
    private final Windows windows;
    private final ExecutorService worker;
    private Future<Batch> pending;
    private int made;

    PrefetchedBatches(NDManager manager, FeatureRows x, int[] labels, int batch) {
        this(manager, x, labels, batch, false);
    }

    PrefetchedBatches(NDManager manager, FeatureRows x, int[] labels, int batch, boolean biasColumn) {
        this.manager = manager;
        this.buffers = new HostBatches[] {new HostBatches(x, labels, batch, biasColumn),
            new HostBatches(x, labels, batch, biasColumn)};
        this.windows = new Windows(x.rows(), batch);
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lottery-probe-prefetch");
            t.setDaemon(true); // never keeps the JVM alive
            return t;
        });
    }

    @Override
    public void startEpoch(int[] order) {
        if (pending != null) {
            throw new IllegalStateException("the previous epoch still has a batch pending");
        }
        windows.start(order);
        readAhead();
    }

    @Override
    public Batch next() {
        if (pending == null) {
            throw new IllegalStateException("no batch left in this epoch (call startEpoch first)");
        }
        Batch b = await(pending);
        pending = null;
        readAhead();
        return b;
    }

    private void readAhead() {
        if (!windows.hasNext()) {
            return;
        }
        int[] order = windows.order();
        int[] w = windows.take();
        HostBatches host = buffers[made++ % 2];
        pending = worker.submit(() -> {
            NDManager scope = manager.newSubManager();
            try {
                NDArray[] xy = host.upload(scope, order, w[0], w[1]);
                return new Batch(scope, xy[0], xy[1]);
            } catch (RuntimeException | Error e) {
                scope.close();
                throw e;
            }
        });
    }

    private static Batch await(Future<Batch> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the next training batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("gathering a training batch failed", e.getCause());
        }
    }

    @Override
    public void close() {
        try {
            if (pending != null) {
                // a batch read ahead of an aborted epoch: wait for it, then free it
                try {
                    await(pending).close();
                } catch (RuntimeException ignored) {
                    // its failure was not asked for
                }
                pending = null;
            }
        } finally {
            worker.shutdownNow();
        }
    }
}

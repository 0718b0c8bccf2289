package dev.lottery.data;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decodes and preprocesses a dataset on a bounded pool of worker threads and hands batches to a
 * consumer in dataset order (the order of {@link SampleSource#forEach}).
 *
 * <p>One reader thread streams samples (names, not bytes, for files on disk) and submits one
 * read+decode+preprocess task per sample, so reading scales with the workers too; the futures go
 * into a bounded queue in submission order, and the calling thread takes them in that order.
 * So rows are in dataset order whatever the thread count, and at most
 * {@code queueCapacity} decoded images are held at once. Bad images (undecodable, smaller than
 * the crop, or of a different output size than the first good image) are reported to
 * {@code bad} and skipped, never fatal.
 */
public final class ImagePipeline {
    private ImagePipeline() {}

    private record Decoded(Sample sample, float[] values, int height, int width, String failure) {}

    /** Marks the end of the sample stream (or a reader failure) in the queue. */
    private static final Future<Decoded> END = java.util.concurrent.CompletableFuture.completedFuture(null);

    /** Thrown inside the reader's sink to stop streaming when the consumer side has given up. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    public static PipelineStats run(SampleSource ds, Preprocessing p, int batchSize, int threads,
            BadSamples bad, BatchConsumer consumer) throws Exception {
        if (batchSize < 1 || threads < 1) {
            throw new IllegalArgumentException("expected batchSize >= 1 and threads >= 1, found "
                    + batchSize + " and " + threads);
        }
        Preprocessor pre = new Preprocessor(p);
        int c = p.channels();
        int badBefore = bad.count();
        BlockingQueue<Future<Decoded>> queue = new ArrayBlockingQueue<>(Math.max(2 * threads, batchSize));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lottery-decode");
            t.setDaemon(true);
            return t;
        });
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                ds.forEach(sample -> {
                    Future<Decoded> f = pool.submit(() -> decode(sample, pre));
                    try {
                        queue.put(f);
                    } catch (InterruptedException e) {
                        throw new Stopped();
                    }
                }, bad);
            } catch (Stopped e) {
                return;
            } catch (Throwable t) {
                readerFailure.set(t);
            }
            try {
                queue.put(END);
            } catch (InterruptedException e) {
                // the consumer side has stopped; nobody waits for the end marker
            }
        }, "lottery-shard-reader");
        reader.setDaemon(true);
        reader.start();

        int delivered = 0;
        int height = -1;
        int width = -1;
        List<Decoded> pending = new ArrayList<>(batchSize);
        try {
            while (true) {
                Future<Decoded> f = queue.take();
                if (f == END) {
                    break;
                }
                Decoded d = f.get();
                if (d.failure() != null) {
                    bad.add(d.sample().source(), d.sample().key(), d.failure());
                    continue;
                }
                if (height < 0) {
                    height = d.height();
                    width = d.width();
                } else if (d.height() != height || d.width() != width) {
                    bad.add(d.sample().source(), d.sample().key(), "output size " + d.height() + "x" + d.width()
                            + " differs from the first image's " + height + "x" + width);
                    continue;
                }
                pending.add(d);
                if (pending.size() == batchSize) {
                    consumer.accept(batch(pending, height, width, c));
                    delivered += pending.size();
                    pending.clear();
                }
            }
            if (!pending.isEmpty()) {
                consumer.accept(batch(pending, height, width, c));
                delivered += pending.size();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("decode task failed unexpectedly", e.getCause());
        } finally {
            reader.interrupt();
            pool.shutdownNow();
            reader.join();
        }
        Throwable failure = readerFailure.get();
        if (failure instanceof Exception e) {
            throw e;
        } else if (failure != null) {
            throw (Error) failure;
        }
        return new PipelineStats(delivered, bad.count() - badBefore);
    }

    private static Decoded decode(Sample s, Preprocessor pre) {
        try {
            byte[] bytes;
            try {
                bytes = s.readBytes();
            } catch (java.io.IOException e) {
                return new Decoded(s, null, 0, 0, "unreadable: " + e);
            }
            BufferedImage img = ImageDecoder.decodeRgb(bytes);
            int h = img.getHeight();
            int w = img.getWidth();
            float[] values = pre.apply(img);
            return new Decoded(s, values, pre.outHeight(h, w), pre.outWidth(h, w), null);
        } catch (BadImageException | IllegalArgumentException e) {
            return new Decoded(s, null, 0, 0, e.getMessage());
        }
    }

    private static ImageBatch batch(List<Decoded> rows, int h, int w, int c) {
        int n = rows.size();
        int per = h * w * c;
        float[] nhwc = new float[n * per];
        String[] keys = new String[n];
        int[][] labels = new int[n][];
        for (int i = 0; i < n; i++) {
            Decoded d = rows.get(i);
            System.arraycopy(d.values(), 0, nhwc, i * per, per);
            keys[i] = d.sample().key();
            labels[i] = d.sample().labels().clone();
        }
        return new ImageBatch(nhwc, n, h, w, c, keys, labels);
    }
}

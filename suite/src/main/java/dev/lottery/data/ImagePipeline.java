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
import java.util.concurrent.atomic.AtomicBoolean;
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
 * {@code bad} and skipped, never fatal. Bad samples the source reports while listing go through the
 * same queue, so {@code bad} lists all bad samples in dataset order.
 *
 * <p>A run may start part-way and cut its batches at segment boundaries ({@link Segments}), so a
 * caller can commit a split in segments and resume a killed run at the first missing one. When the
 * source fails (a corrupt shard), the segment in progress is neither delivered whole nor reported
 * as ended; and a segment's end is followed by {@link Segments.End#verified} only once the source
 * has verified its containers up to there (a gzip shard's CRC comes at the shard's end), so a
 * caller can commit only segments whose every position was read and checked.
 */
public final class ImagePipeline {
    private ImagePipeline() {}

    /** A position: the transformed image, or why it is bad; {@code image} the decoded image (null when unreadable or undecodable). */
    private record Decoded(Sample sample, float[] values, int height, int width, String failure, BufferedImage image) {
        /** A bad position: why, and the decoded image when there is one (a transform refused it). */
        static Decoded bad(Sample sample, String failure, BufferedImage image) {
            return new Decoded(sample, null, 0, 0, failure, image);
        }

        /** This position without its decoded image (what the consumer side passes on). */
        Decoded withoutImage() {
            return image == null ? this : new Decoded(sample, values, height, width, failure, null);
        }
    }

    /** Marks the end of the sample stream (or a reader failure) in the queue. */
    private static final Future<Decoded> END = java.util.concurrent.CompletableFuture.completedFuture(null);
    /** Marks, in the queue, that every position before it was verified by the source (see {@link Segments.End#verified}). */
    private static final Future<Decoded> VERIFIED = java.util.concurrent.CompletableFuture.completedFuture(null);

    /** Thrown inside the reader's sink to stop streaming when the consumer side has given up. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    public static PipelineStats run(SampleSource ds, Preprocessing p, int batchSize, int threads,
            BadSamples bad, BatchConsumer consumer) throws Exception {
        return run(ds, p, batchSize, threads, bad, consumer, Segments.NONE);
    }

    /**
     * As {@link #run(SampleSource, Preprocessing, int, int, BadSamples, BatchConsumer)} from position
     * {@code segments.skip()}; no batch spans a segment boundary, and {@code segments.end()} is told
     * of each completed segment after its last batch.
     */
    public static PipelineStats run(SampleSource ds, Preprocessing p, int batchSize, int threads,
            BadSamples bad, BatchConsumer consumer, Segments segments) throws Exception {
        return run(ds, new Preprocessor(p), batchSize, threads, bad, consumer, segments);
    }

    /** As {@link #run(SampleSource, Preprocessing, int, int, BadSamples, BatchConsumer, Segments)}, each image transformed by {@code pre}. */
    public static PipelineStats run(SampleSource ds, ImageTransform pre, int batchSize, int threads,
            BadSamples bad, BatchConsumer consumer, Segments segments) throws Exception {
        return run(ds, pre, batchSize, threads, bad, consumer, segments, null);
    }

    /**
     * As {@link #run(SampleSource, ImageTransform, int, int, BadSamples, BatchConsumer, Segments)}, with a
     * run's memory of passes ({@link DecodedPasses}; {@code slot} null = none): a run from position 0
     * replays the slot's kept pass when there is one (no reading, no decoding, no worker threads: the same
     * batches, bad samples, segment ends and verified marks); else, when the source's decoded images are
     * kept (another transform's pass), the workers transform those (no reading, no decoding); else it reads
     * and decodes. Either of the last two records its pass into the slot (the third its decoded images too),
     * kept only when the source ended without error and the consumer did not fail. A run that starts
     * later neither replays nor records. The caller vouches that {@code pre} is the transform the slot's
     * key names.
     */
    public static PipelineStats run(SampleSource ds, ImageTransform pre, int batchSize, int threads,
            BadSamples bad, BatchConsumer consumer, Segments segments, DecodedPasses.Slot slot) throws Exception {
        if (batchSize < 1 || threads < 1) {
            throw new IllegalArgumentException("expected batchSize >= 1 and threads >= 1, found "
                    + batchSize + " and " + threads);
        }
        int badBefore = bad.count();
        boolean fromStart = slot != null && segments.skip() == 0;
        List<DecodedPasses.Item> kept = fromStart ? slot.kept() : null;
        if (kept != null) {
            int delivered = new Delivery(batchSize, pre.channels(), bad, consumer, segments, null).replay(kept);
            return new PipelineStats(delivered, bad.count() - badBefore);
        }
        List<DecodedPasses.Item> images = fromStart ? slot.decoded() : null;
        DecodedPasses.Recorder recorder = fromStart ? slot.recorder(images == null) : null;
        BlockingQueue<Future<Decoded>> queue = new ArrayBlockingQueue<>(Math.max(2 * threads, batchSize));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lottery-decode");
            t.setDaemon(true);
            return t;
        });
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        // decode tasks hand their decoded image on only while the recorder keeps images (memory: ImageNet's are large)
        AtomicBoolean keepImages = new AtomicBoolean(recorder != null && recorder.keepsImages());
        Thread reader = images != null ? startTransformer(images, pre, pool, queue)
                : startReader(ds, pre, pool, queue, segments, readerFailure, keepImages);
        int delivered;
        try {
            delivered = new Delivery(batchSize, pre.channels(), bad, consumer, segments, recorder)
                    .drain(queue, readerFailure, keepImages);
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
        if (recorder != null) {
            recorder.keep(); // the source ended soundly and every batch was taken
        }
        return new PipelineStats(delivered, bad.count() - badBefore);
    }

    /**
     * The reader thread: streams the source from {@code segments.skip()}, submits one decode task per
     * sample and queues the futures (and the listing's bad samples, and verified markers) in order,
     * then {@link #END}. A source failure is left in {@code readerFailure}.
     */
    private static Thread startReader(SampleSource ds, ImageTransform pre, ExecutorService pool,
            BlockingQueue<Future<Decoded>> queue, Segments segments, AtomicReference<Throwable> readerFailure,
            AtomicBoolean keepImages) {
        return startDaemon("lottery-shard-reader", () -> {
            Positions positions = new Positions(segments.skip(), queue);
            try {
                ds.forEach(sample -> {
                    positions.drain();
                    long at = positions.position;
                    if (positions.next()) {
                        positions.put(pool.submit(() -> decode(sample, pre, at, keepImages.get())));
                    }
                }, positions.listed, () -> {
                    positions.drain();
                    positions.verified(segments.size());
                });
                positions.drain();
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
        });
    }

    /**
     * The reader's stand-in when the source's decoded images are kept: queues, in the kept order, one
     * transform task per decoded image, the kept failures and verified marks as they were, then {@link #END}.
     */
    private static Thread startTransformer(List<DecodedPasses.Item> images, ImageTransform pre, ExecutorService pool,
            BlockingQueue<Future<Decoded>> queue) {
        return startDaemon("lottery-decoded-replay", () -> {
            try {
                long position = 0;
                for (DecodedPasses.Item item : images) {
                    if (item.verified()) {
                        queue.put(VERIFIED);
                    } else if (item.image() == null) {
                        queue.put(java.util.concurrent.CompletableFuture.completedFuture(
                                Decoded.bad(item.sample(), item.failure(), null)));
                        position++;
                    } else {
                        long at = position++;
                        queue.put(pool.submit(() -> transform(item.sample(), item.image(), pre, at, false)));
                    }
                }
                queue.put(END);
            } catch (InterruptedException e) {
                // the consumer side has stopped; nobody waits for the rest
            }
        });
    }

    /** A started daemon thread: the run never waits on it to exit. */
    private static Thread startDaemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * The calling thread's side: takes the decoded positions in order, reports the bad ones, cuts
     * batches (never across a segment boundary) and tells {@code segments.end()} of each segment.
     */
    private static final class Delivery {
        private final int batchSize;
        private final int channels;
        private final BadSamples bad;
        private final BatchConsumer consumer;
        private final Segments segments;
        /** Told of every position and verified mark taken, or null. */
        private final DecodedPasses.Recorder recorder;
        private final List<Decoded> pending;
        private int delivered;
        private int height;
        private int width;
        private int position;
        private int segmentStart;

        Delivery(int batchSize, int channels, BadSamples bad, BatchConsumer consumer, Segments segments,
                DecodedPasses.Recorder recorder) {
            this.recorder = recorder;
            this.batchSize = batchSize;
            this.channels = channels;
            this.bad = bad;
            this.consumer = consumer;
            this.segments = segments;
            this.pending = new ArrayList<>(batchSize);
            this.height = segments.height();
            this.width = segments.width();
            this.position = segments.skip();
            this.segmentStart = position;
        }

        /** Takes the queue up to {@link #END}; the number of images delivered. */
        int drain(BlockingQueue<Future<Decoded>> queue, AtomicReference<Throwable> readerFailure,
                AtomicBoolean keepImages) throws Exception {
            while (true) {
                Future<Decoded> f = queue.take();
                if (f == END) {
                    if (readerFailure.get() != null) {
                        // the source failed part-way: what is pending is no whole segment, never report its end
                        pending.clear();
                        segmentStart = position;
                    }
                    break;
                }
                if (f == VERIFIED) {
                    if (recorder != null) {
                        recorder.verified();
                    }
                    segments.end().verified(position);
                    continue;
                }
                Decoded d = f.get();
                if (recorder != null) {
                    recorder.position(d.sample(), d.values(), d.height(), d.width(), d.failure(), d.image());
                    if (!recorder.keepsImages()) {
                        keepImages.set(false);
                    }
                }
                take(d.withoutImage());
            }
            finish(readerFailure.get() == null);
            return delivered;
        }

        /** Takes a kept pass's positions and marks as {@link #drain} took them from the queue; the images delivered. */
        int replay(List<DecodedPasses.Item> kept) throws Exception {
            for (DecodedPasses.Item item : kept) {
                if (item.verified()) {
                    segments.end().verified(position);
                } else {
                    take(new Decoded(item.sample(), item.values(), item.height(), item.width(), item.failure(), null));
                }
            }
            finish(true);
            return delivered;
        }

        /** One position: a bad image is reported, a good one pends; a full batch or a segment's end is delivered. */
        private void take(Decoded d) throws Exception {
            position++;
            if (d.failure() != null) {
                bad.add(d.sample().source(), d.sample().key(), d.failure());
            } else if (height >= 0 && (d.height() != height || d.width() != width)) {
                bad.add(d.sample().source(), d.sample().key(), "output size " + d.height() + "x" + d.width()
                        + " differs from the first image's " + height + "x" + width);
            } else {
                height = d.height();
                width = d.width();
                pending.add(d);
            }
            boolean cut = segments.size() > 0 && position % segments.size() == 0;
            if (pending.size() == batchSize || (cut && !pending.isEmpty())) {
                deliverPending();
            }
            if (cut) {
                segments.end().reached(position, height, width);
                segmentStart = position;
            }
        }

        /** The last batch and the last (short) segment; all of it verified when the source ended without error. */
        private void finish(boolean sourceSound) throws Exception {
            if (!pending.isEmpty()) {
                deliverPending();
            }
            if (segments.size() > 0 && position > segmentStart) {
                segments.end().reached(position, height, width);
            }
            if (segments.size() > 0 && sourceSound) {
                segments.end().verified(position);
            }
        }

        private void deliverPending() throws Exception {
            consumer.accept(batch(pending, height, width, channels));
            delivered += pending.size();
            pending.clear();
        }
    }

    /**
     * The reader's count of positions: bad samples the source reports while listing are collected
     * in {@link #listed} and queued as failed positions before the next sample, in report order.
     */
    private static final class Positions {
        final BadSamples listed = new BadSamples();
        private final int skip;
        private final BlockingQueue<Future<Decoded>> queue;
        private int position;
        private int queuedBad;

        Positions(int skip, BlockingQueue<Future<Decoded>> queue) {
            this.skip = skip;
            this.queue = queue;
        }

        private int lastVerified;

        /**
         * Queues a verified marker when a segment boundary was passed since the last one: the
         * consumer needs one per segment, not one per sample of a source of separate files.
         */
        void verified(int segmentSize) {
            if (segmentSize > 0 && position / segmentSize > lastVerified / segmentSize) {
                put(VERIFIED);
                lastVerified = position;
            }
        }

        /** Takes the next position; true unless it is skipped. */
        boolean next() {
            return position++ >= skip;
        }

        void drain() {
            if (listed.count() == queuedBad) {
                return;
            }
            List<BadSample> all = listed.list();
            for (BadSample b : all.subList(queuedBad, all.size())) {
                if (next()) {
                    put(java.util.concurrent.CompletableFuture.completedFuture(Decoded.bad(
                            new Sample(b.source(), b.key(), (byte[]) null, new int[0]), b.reason(), null)));
                }
            }
            queuedBad = all.size();
        }

        void put(Future<Decoded> f) {
            try {
                queue.put(f);
            } catch (InterruptedException e) {
                throw new Stopped();
            }
        }
    }

    /** Reads, decodes and transforms one sample; the decoded image is handed on only when {@code keepImage}. */
    private static Decoded decode(Sample s, ImageTransform pre, long position, boolean keepImage) {
        byte[] bytes;
        try {
            bytes = s.readBytes();
        } catch (java.io.IOException e) {
            return Decoded.bad(s, "unreadable: " + e, null);
        }
        BufferedImage img;
        try {
            img = ImageDecoder.decodeRgb(bytes);
        } catch (BadImageException | IllegalArgumentException e) {
            return Decoded.bad(s, e.getMessage(), null);
        }
        return transform(s, img, pre, position, keepImage);
    }

    /** A decoded image through {@code pre}; a transform's refusal (an image smaller than the crop) makes it bad. */
    private static Decoded transform(Sample s, BufferedImage img, ImageTransform pre, long position, boolean keepImage) {
        BufferedImage kept = keepImage ? img : null;
        try {
            int h = img.getHeight();
            int w = img.getWidth();
            float[] values = pre.apply(img, position);
            return new Decoded(s, values, pre.outHeight(h, w), pre.outWidth(h, w), null, kept);
        } catch (IllegalArgumentException e) {
            return Decoded.bad(s, e.getMessage(), kept);
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

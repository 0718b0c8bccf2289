package dev.lottery.data;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads and decodes every sample of a source on a bounded pool (no preprocessing), reporting the
 * ones that cannot be decoded: what {@code lottery datasets inspect} lists as bad files.
 */
public final class DecodeCheck {
    private DecodeCheck() {}

    /** Number of samples that decode; the others go to {@code bad} with their reasons. */
    public static int run(SampleSource source, int threads, BadSamples bad) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "lottery-decode-check");
            t.setDaemon(true);
            return t;
        });
        BlockingQueue<Future<String>> queue = new ArrayBlockingQueue<>(4 * Math.max(1, threads));
        Future<String> end = CompletableFuture.completedFuture(null);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int[] good = {0};
        Thread drain = new Thread(() -> {
            try {
                while (true) {
                    Future<String> f = queue.take();
                    if (f == end) {
                        return;
                    }
                    if (f.get() == null) {
                        good[0]++;
                    }
                }
            } catch (InterruptedException | ExecutionException e) {
                failure.set(e);
            }
        }, "lottery-decode-check-drain");
        drain.start();
        try {
            source.forEach(s -> {
                try {
                    queue.put(pool.submit(() -> check(s, bad)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }, bad);
            queue.put(end);
            drain.join();
        } finally {
            pool.shutdownNow();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("decode check failed unexpectedly", failure.get());
        }
        return good[0];
    }

    /** Null when the sample decodes; else the reason, also reported to {@code bad}. */
    private static String check(Sample s, BadSamples bad) {
        String reason;
        try {
            ImageDecoder.decodeRgb(s.readBytes());
            return null;
        } catch (IOException e) {
            reason = "unreadable: " + e;
        } catch (BadImageException e) {
            reason = e.getMessage();
        }
        bad.add(s.source(), s.key(), reason);
        return reason;
    }
}

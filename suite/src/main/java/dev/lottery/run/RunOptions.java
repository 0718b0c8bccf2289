package dev.lottery.run;

import java.nio.file.Path;
import java.util.List;

/**
 * What to run and where to keep things.
 *
 * @param frameworks null = all of the suite's frameworks
 * @param variants   null = all of the suite's variants (the reference variant is always kept)
 * @param seeds      null = the suite's declared number of seeds
 * @param device     auto | cpu | gpu
 * @param cacheDir   the content-addressed store for features and heads
 * @param reportsDir where {@code <run-id>/} and {@code latest/} are written
 * @param threads    decode/preprocess worker threads
 * @param progress   draw progress bars (off in tests and when output is not a terminal)
 */
public record RunOptions(
        String suite,
        List<String> frameworks,
        List<String> variants,
        Integer seeds,
        String device,
        Path cacheDir,
        Path reportsDir,
        int threads,
        boolean progress) {

    public static RunOptions defaults(Path home) {
        return new RunOptions("pocket", null, null, null, "auto", home.resolve(".cache"), home.resolve("reports"),
                Math.max(1, Runtime.getRuntime().availableProcessors()), false);
    }

    public RunOptions withCacheDir(Path dir) {
        return new RunOptions(suite, frameworks, variants, seeds, device, dir, reportsDir, threads, progress);
    }

    /** The same options restricted to these frameworks (used by sharding). */
    public RunOptions withFrameworks(List<String> ids) {
        return new RunOptions(suite, List.copyOf(ids), variants, seeds, device, cacheDir, reportsDir, threads, progress);
    }

    public RunOptions withReportsDir(Path dir) {
        return new RunOptions(suite, frameworks, variants, seeds, device, cacheDir, dir, threads, progress);
    }
}

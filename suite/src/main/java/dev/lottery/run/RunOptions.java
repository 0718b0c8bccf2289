package dev.lottery.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to run and where to keep things.
 *
 * @param frameworks      null = all of the suite's frameworks
 * @param variants        null = all of the suite's variants (the reference variant is always kept)
 * @param seeds           null = the suite's declared number of seeds
 * @param device          auto | cpu | gpu
 * @param cacheDir        the content-addressed store for features and heads
 * @param reportsDir      where {@code <run-id>/} and {@code latest/} are written
 * @param threads         decode/preprocess worker threads
 * @param progress        draw progress bars (off in tests and when output is not a terminal)
 * @param dataRoot        the folder holding the ImageNet variants at their default sub-paths (null = none given)
 * @param datasetPaths    per-variant folders overriding {@code dataRoot/<default sub-path>}
 * @param realJson        ReaL's real.json (null = {@code real.json} inside the val root, else beside it)
 * @param fullFingerprint also hash every file's content into environment.json (reads the whole dataset once more)
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
        boolean progress,
        Path dataRoot,
        Map<String, Path> datasetPaths,
        Path realJson,
        boolean fullFingerprint) {

    public RunOptions {
        datasetPaths = datasetPaths == null ? Map.of() : Map.copyOf(datasetPaths);
    }

    /** Options without a data root (the pocket suite needs none). */
    public RunOptions(String suite, List<String> frameworks, List<String> variants, Integer seeds, String device,
            Path cacheDir, Path reportsDir, int threads, boolean progress) {
        this(suite, frameworks, variants, seeds, device, cacheDir, reportsDir, threads, progress, null, Map.of(),
                null, false);
    }

    public static RunOptions defaults(Path home) {
        return new RunOptions("pocket", null, null, null, "auto", home.resolve(".cache"), home.resolve("reports"),
                Math.max(1, Runtime.getRuntime().availableProcessors()), false);
    }

    public RunOptions withCacheDir(Path dir) {
        return new RunOptions(suite, frameworks, variants, seeds, device, dir, reportsDir, threads, progress, dataRoot,
                datasetPaths, realJson, fullFingerprint);
    }

    public RunOptions withReportsDir(Path dir) {
        return new RunOptions(suite, frameworks, variants, seeds, device, cacheDir, dir, threads, progress, dataRoot,
                datasetPaths, realJson, fullFingerprint);
    }

    public RunOptions withData(Path root, Map<String, Path> paths, Path real, boolean full) {
        return new RunOptions(suite, frameworks, variants, seeds, device, cacheDir, reportsDir, threads, progress, root,
                paths, real, full);
    }
}

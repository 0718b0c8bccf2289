package dev.lottery.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to run and where to keep things, as JMH's {@code Options} ({@link #builder}). The selection
 * ({@code suite, frameworks, variants, seeds, seedOffset, added}) is read by {@link Plan#load}; the
 * rest says how the runner runs a plan.
 *
 * @param frameworks      null = all of the suite's frameworks
 * @param variants        null = all of the suite's variants (the reference variant is always kept)
 * @param seeds           null = the suite's declared number of seeds
 * @param device          auto | cpu | gpu
 * @param cacheDir        the content-addressed store for features and heads
 * @param reportsDir      where {@code <run-id>/} and {@code latest/} are written
 * @param threads         decode/preprocess worker threads
 * @param progress        draw progress bars (off in tests and when output is not a terminal)
 * @param checkpointsDir  where fetched checkpoints live, one folder per framework
 * @param dataRoot        the folder holding the ImageNet variants at their default sub-paths (null = none given)
 * @param datasetPaths    per-variant folders overriding {@code dataRoot/<default sub-path>}
 * @param realJson        ReaL's real.json (null = {@code real.json} inside the val root, else beside it)
 * @param fullFingerprint also hash every file's content into environment.json (reads the whole dataset once more)
 * @param seedOffset      the first seed: a run takes seeds {@code seedOffset .. seedOffset + seeds - 1} (an honest
 *                        rerun with other seeds is a run with another offset; expectations hold for any seeds)
 * @param added           the user's own checkpoints to run beside the suite's frameworks ({@code --add}), record-only
 * @param allowPartial    use a dataset copy that differs from its declaration (class folders missing, another
 *                        count) as far as it can be read, recorded as partial in environment.json and the report
 * @param protocols       null = all of the suite's protocols, else only these ({@code center}, {@code views-K},
 *                        {@code augmented})
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
        Path checkpointsDir,
        Path dataRoot,
        Map<String, Path> datasetPaths,
        Path realJson,
        boolean fullFingerprint,
        long seedOffset,
        List<AddedFrameworks.Spec> added,
        boolean allowPartial,
        List<String> protocols) {

    public RunOptions {
        datasetPaths = datasetPaths == null ? Map.of() : Map.copyOf(datasetPaths);
        added = added == null ? List.of() : List.copyOf(added);
        if (seedOffset < 0) {
            throw new IllegalArgumentException("--seed-offset must be >= 0, found " + seedOffset);
        }
    }

    /** Options without a data root (the pocket suite needs none), checkpoints from the environment or beside the cache. */
    public RunOptions(String suite, List<String> frameworks, List<String> variants, Integer seeds, String device,
            Path cacheDir, Path reportsDir, int threads, boolean progress) {
        this(suite, frameworks, variants, seeds, device, cacheDir, reportsDir, threads, progress,
                fromEnvironment(cacheDir.resolve("checkpoints")), null, Map.of(), null, false, 0, List.of(), false, null);
    }

    /**
     * The pocket suite with the project's cache and reports folders; decode workers = half the cores,
     * since on a CPU the other half runs the backbone (a second worker on two cores slowed the
     * ResNet-50 pipeline to 0.86 of the backbone alone, one worker kept 0.97).
     */
    public static RunOptions defaults(Path home) {
        return new RunOptions("pocket", null, null, null, "auto", home.resolve(".cache"), home.resolve("reports"),
                Math.max(1, Runtime.getRuntime().availableProcessors() / 2), false, defaultCheckpointsDir(home), null,
                Map.of(), null, false, 0, List.of(), false, null);
    }

    /** {@code LOTTERY_CHECKPOINTS}, else {@code <home>/.cache/checkpoints}. */
    public static Path defaultCheckpointsDir(Path home) {
        return fromEnvironment(home.resolve(".cache").resolve("checkpoints"));
    }

    private static Path fromEnvironment(Path fallback) {
        String env = System.getenv("LOTTERY_CHECKPOINTS");
        return env != null && !env.isBlank() ? Path.of(env) : fallback;
    }

    /**
     * Where a framework's artifact lives: a declared location without a URL scheme is a file committed in
     * the repository, relative to the project root {@code home} (the pocket zoo); any other is fetched to
     * {@link #checkpointFile(Path, String, String)}.
     */
    public static Path checkpointFile(Path home, Path dir, String framework, String url) {
        return inRepository(url) ? home.resolve(url).normalize() : checkpointFile(dir, framework, url);
    }

    /** True for a declared artifact location without a URL scheme: a path inside the repository. */
    public static boolean inRepository(String url) {
        return !url.isEmpty() && !url.contains(":");
    }

    /** Where a fetched framework's artifact lives: {@code <dir>/<framework>/<last segment of the url>}. */
    public static Path checkpointFile(Path dir, String framework, String url) {
        String path = java.net.URI.create(url).getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        return dir.resolve(framework).resolve(name.isEmpty() ? "checkpoint" : name);
    }

    /** Where variant {@code v} is read from under these options (data root, per-variant folders, ReaL labels). */
    public dev.lottery.data.layout.SplitSpec split(dev.lottery.catalog.Variant v) {
        return SplitLocator.spec(v, dataRoot, datasetPaths, realJson);
    }

    public RunOptions withCacheDir(Path dir) {
        return toBuilder().cacheDir(dir).build();
    }

    /** The same options restricted to these frameworks (used by sharding). */
    public RunOptions withFrameworks(List<String> ids) {
        return toBuilder().frameworks(List.copyOf(ids)).build();
    }

    public RunOptions withReportsDir(Path dir) {
        return toBuilder().reportsDir(dir).build();
    }

    public RunOptions withCheckpointsDir(Path dir) {
        return toBuilder().checkpointsDir(dir).build();
    }

    public RunOptions withData(Path root, Map<String, Path> paths, Path real, boolean full) {
        return toBuilder().dataRoot(root).datasetPaths(paths).realJson(real).fullFingerprint(full).build();
    }

    public RunOptions withSeedOffset(long offset) {
        return toBuilder().seedOffset(offset).build();
    }

    public RunOptions withAdded(List<AddedFrameworks.Spec> specs) {
        return toBuilder().added(specs).build();
    }

    public RunOptions withProtocols(List<String> ids) {
        return toBuilder().protocols(ids).build();
    }

    public RunOptions withAllowPartial(boolean allow) {
        return toBuilder().allowPartial(allow).build();
    }

    /** Options built as JMH's {@code OptionsBuilder}: {@link #defaults} for {@code home}, then what is set. */
    public static Builder builder(Path home) {
        return defaults(home).toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link RunOptions}; every setter replaces one value. */
    public static final class Builder {
        private String suite;
        private List<String> frameworks;
        private List<String> variants;
        private Integer seeds;
        private String device;
        private Path cacheDir;
        private Path reportsDir;
        private int threads;
        private boolean progress;
        private Path checkpointsDir;
        private Path dataRoot;
        private Map<String, Path> datasetPaths;
        private Path realJson;
        private boolean fullFingerprint;
        private long seedOffset;
        private List<AddedFrameworks.Spec> added;
        private boolean allowPartial;
        private List<String> protocols;

        private Builder(RunOptions o) {
            suite = o.suite;
            frameworks = o.frameworks;
            variants = o.variants;
            seeds = o.seeds;
            device = o.device;
            cacheDir = o.cacheDir;
            reportsDir = o.reportsDir;
            threads = o.threads;
            progress = o.progress;
            checkpointsDir = o.checkpointsDir;
            dataRoot = o.dataRoot;
            datasetPaths = o.datasetPaths;
            realJson = o.realJson;
            fullFingerprint = o.fullFingerprint;
            seedOffset = o.seedOffset;
            added = o.added;
            allowPartial = o.allowPartial;
            protocols = o.protocols;
        }

        public Builder suite(String v) { suite = v; return this; }
        public Builder frameworks(List<String> v) { frameworks = v; return this; }
        public Builder variants(List<String> v) { variants = v; return this; }
        public Builder seeds(Integer v) { seeds = v; return this; }
        public Builder device(String v) { device = v; return this; }
        public Builder cacheDir(Path v) { cacheDir = v; return this; }
        public Builder reportsDir(Path v) { reportsDir = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder progress(boolean v) { progress = v; return this; }
        public Builder checkpointsDir(Path v) { checkpointsDir = v; return this; }
        public Builder dataRoot(Path v) { dataRoot = v; return this; }
        public Builder datasetPaths(Map<String, Path> v) { datasetPaths = v; return this; }
        public Builder realJson(Path v) { realJson = v; return this; }
        public Builder fullFingerprint(boolean v) { fullFingerprint = v; return this; }
        public Builder seedOffset(long v) { seedOffset = v; return this; }
        public Builder added(List<AddedFrameworks.Spec> v) { added = v; return this; }
        public Builder allowPartial(boolean v) { allowPartial = v; return this; }
        public Builder protocols(List<String> v) { protocols = v; return this; }

        public RunOptions build() {
            return new RunOptions(suite, frameworks, variants, seeds, device, cacheDir, reportsDir, threads, progress,
                    checkpointsDir, dataRoot, datasetPaths, realJson, fullFingerprint, seedOffset, added, allowPartial,
                    protocols);
        }
    }
}

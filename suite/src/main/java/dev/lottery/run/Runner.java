package dev.lottery.run;

import dev.lottery.data.BadSample;
import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.lottery.analysis.Analysis;
import dev.lottery.analysis.AnalysisResult;
import dev.lottery.analysis.FixtureCheck;
import dev.lottery.analysis.GatePolicy;
import dev.lottery.analysis.Predictions;
import dev.lottery.analysis.ScoreTable;
import dev.lottery.analysis.Status;
import dev.lottery.analysis.SignificanceSettings;
import dev.lottery.backbone.Backbone;
import dev.lottery.backbone.Backbones;
import dev.lottery.backbone.Padding;
import dev.lottery.backbone.ResNetSpec;
import dev.lottery.backbone.WeightTensor;
import dev.lottery.backbone.checkpoint.Checkpoints;
import dev.lottery.backbone.checkpoint.Fetcher;
import dev.lottery.catalog.BackboneKind;
import dev.lottery.catalog.Catalog;
import dev.lottery.catalog.Fixture;
import dev.lottery.catalog.FrameworkDecl;
import dev.lottery.catalog.Suite;
import dev.lottery.catalog.VariantDecl;
import dev.lottery.data.Preprocessing;
import dev.lottery.features.ContentStore;
import dev.lottery.features.FeatureRows;
import dev.lottery.probe.Devices;
import dev.lottery.probe.LinearHead;
import dev.lottery.probe.Engines;
import dev.lottery.probe.Probe;
import dev.lottery.probe.Routine;
import dev.lottery.report.EnvironmentProbe;
import dev.lottery.report.FixtureResult;
import dev.lottery.report.NumericEnvironment;
import dev.lottery.report.RunResult;
import dev.lottery.report.SeedResult;
import dev.lottery.report.StageTimes;
import dev.lottery.score.Interval;
import dev.lottery.score.Intervals;
import dev.lottery.score.Score;
import dev.lottery.score.ScoredImages;
import dev.lottery.score.Scorer;
import dev.lottery.score.SeedSpread;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a suite: for each framework, features of the training split and of every variant (cached
 * by content), one head per seed (cached), every head scored on every variant, each fixture checked
 * against its expectation, then the cross-variant analysis. Holds no scoring or training logic.
 */
public final class Runner {

    private Runner() {}

    public static RunResult run(Path home, RunOptions options, PrintStream log) throws IOException {
        return run(home, options, log, FeatureRows.MAX_CHUNK_VALUES);
    }

    /** As {@link #run(Path, RunOptions, PrintStream)}, reading stored features in chunks of at most {@code maxChunkValues} (tests). */
    static RunResult run(Path home, RunOptions options, PrintStream log, long maxChunkValues) throws IOException {
        long start = System.nanoTime();
        LocalDateTime started = LocalDateTime.now();
        Suite declared = Catalog.load(home, options.suite());
        Suite suite = AddedFrameworks.addTo(declared.restrict(options.frameworks(), options.variants()),
                options.added());
        List<String> notes = new ArrayList<>(suite.aggregatesNotComputed(declared));
        notes.forEach(n -> log.println("  note: " + n));
        int seedCount = options.seeds() != null ? options.seeds() : suite.seeds();
        if (seedCount < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, found " + seedCount);
        }
        // the engine's thread pools are part of the numeric environment: fixed before the engine starts
        NumericEnvironment.configureThreads(0, 1);
        Device device = Devices.resolve(options.device());
        Engine engine = Engines.defaultEngine();
        NumericEnvironment numeric = NumericEnvironment.probe(engine.getEngineName() + " " + engine.getVersion(),
                device.toString());
        long firstSeed = options.seedOffset();
        GatePolicy policy = new GatePolicy(suite.falseAlarmRate(),
                (int) suite.fixtures().stream().filter(f -> !f.expectation().recordOnly()).count());
        ContentStore store = new ContentStore(options.cacheDir(), maxChunkValues);
        Progress progress = new Progress(options.progress(), log);
        // what killed runs left (temp files, redundant segments) is removed and said, not left to pile up
        ConsoleRepairs repairs = new ConsoleRepairs(store, log);
        store.removeLeftovers();
        repairs.print();
        FeatureStage featureStage = new FeatureStage(store, options.threads(), progress, options.allowPartial());
        Preflight.Checked checked = Preflight.check(suite, home, options, featureStage, v -> split(v, options),
                Preflight.usableSpace(options.cacheDir()));
        Map<String, String> failed = new LinkedHashMap<>();
        Exception firstFailure = null;

        Map<String, List<SeedResult>> seedResults = new LinkedHashMap<>();
        Map<String, FeatureSet> evalSets = new LinkedHashMap<>();
        Map<String, String> fingerprints = new LinkedHashMap<>();
        Map<String, Object> datasets = new LinkedHashMap<>();
        Map<String, String> backboneIds = new LinkedHashMap<>();
        Map<String, String> digests = new LinkedHashMap<>();
        Set<BadSample> badSamples = new LinkedHashSet<>();
        Predictions.Builder predictions = new Predictions.Builder();
        List<StageTimes> stageTimes = new ArrayList<>();
        int featureHits = 0;
        int headHits = 0;
        int heads = 0;

        try (Probe probe = Engines.probe(device)) {
            HeadStage headStage = new HeadStage(store, probe, numeric.key(), progress);
            for (FrameworkDecl f : suite.frameworks()) {
                try {
                    Preprocessing prep = suite.preprocessingOf(f);
                    Routine routine = suite.routineOf(f);
                    FrameworkDecl fd = checked.frameworks().get(f.id());
                    FeatureOrigin origin = FeatureOrigin.of(fd, prep);
                    backboneIds.put(f.id(), origin.backbone().describe());
                    digests.put(f.id(), fd.sha256());
                    long extraction = 0;
                    long training = 0;
                    long scoring = 0;
                    int sets0 = featureHits;
                    int heads0 = headHits;
                    long t0 = System.nanoTime();
                    try (LazyBackbone backbone = new LazyBackbone(
                            () -> open(fd, prep, options.cacheDir(), home, options.checkpointsDir(), device))) {
                        // a framework scored with its own classifier ("pretrained") needs no training features
                        FeatureSet train = routine == null ? null
                                : featureStage.features(f.id(), origin, backbone, suite.train(),
                                        split(suite.train(), options), prep, options.fullFingerprint());
                        if (train != null) {
                            featureHits += train.fromCache() ? 1 : 0;
                            fingerprints.put(suite.train().id(), train.fingerprint());
                            datasets.put(suite.train().id(), datasetFacts(suite.train(), options, train));
                            badSamples.addAll(train.badSamples());
                        }
                        List<String> classList = train != null ? train.classes() : null;
                        String classSource = train != null ? split(suite.train(), options).root().toString() : null;
                        Map<String, FeatureSet> sets = new LinkedHashMap<>();
                        for (VariantDecl v : suite.variants()) {
                            FeatureSet set = featureStage.features(f.id(), origin, backbone, v, split(v, options), prep,
                                    options.fullFingerprint());
                            featureHits += set.fromCache() ? 1 : 0;
                            if (classList != null && !set.classes().equals(classList)) {
                                throw new DatasetMismatchException(split(v, options).root() + " (" + set.layout()
                                        + ") lists " + set.classes().size() + " classes that differ from the "
                                        + classList.size() + " of " + classSource + "; labels would not line up");
                            }
                            classList = set.classes();
                            classSource = split(v, options).root().toString();
                            datasets.put(v.id(), datasetFacts(v, options, set));
                            sets.put(v.id(), set);
                            evalSets.put(v.id(), set);
                            fingerprints.put(v.id(), set.fingerprint());
                            badSamples.addAll(set.badSamples());
                        }
                        int classes = classList.size();
                        extraction = System.nanoTime() - t0;
                        HeadStage.TrainedHead own = routine == null
                                ? new HeadStage.TrainedHead("pretrained:" + fd.sha256(),
                                        ownClassifier(fd, home, options.checkpointsDir(), classes), false)
                                : null;
                        for (long seed = firstSeed; seed < firstSeed + seedCount; seed++) {
                            long t1 = System.nanoTime();
                            HeadStage.TrainedHead head = own != null ? own
                                    : headStage.head(f.id(), train, classes, routine, seed);
                            long t2 = System.nanoTime();
                            training += t2 - t1;
                            heads++;
                            headHits += head.fromCache() ? 1 : 0;
                            for (VariantDecl v : suite.variants()) {
                                FeatureSet set = sets.get(v.id());
                                float[] logits = probe.logits(head.head(), set.features());
                                ScoredImages scored = Scorer.scoreImages(logits, classes, set.labels(), v.scoring());
                                Score s = scored.score();
                                predictions.add(f.id(), v.id(), imagesKey(v, set), seed, scored.correctness());
                                Interval ci = s.interval();
                                seedResults.computeIfAbsent(f.id() + "/" + v.id(), k -> new ArrayList<>())
                                        .add(new SeedResult(seed, s.accuracy(), s.correct(), s.scored(), s.excluded(),
                                                ci.lower(), ci.upper(), head.key(), head.fromCache()));
                            }
                            scoring += System.nanoTime() - t2;
                        }
                    }
                    stageTimes.add(new StageTimes(f.id(), extraction / 1e9, training / 1e9, scoring / 1e9,
                            (routine != null ? 1 : 0) + suite.variants().size(), featureHits - sets0, seedCount,
                            headHits - heads0));
                    repairs.print();
                    log.printf("  %-16s done%n", f.id());
                } catch (DatasetMismatchException e) {
                    throw e; // the data is wrong for every framework: no point in going on
                } catch (RuntimeException | IOException e) {
                    // one framework's failure (a damaged checkpoint, a model that will not load) costs no other
                    String why = CauseChain.oneLine(e);
                    failed.put(f.id(), why);
                    notes.add("framework '" + f.id() + "' failed, its fixtures were not run: " + why);
                    log.printf("  %-16s FAILED: %s%n", f.id(), why);
                    seedResults.keySet().removeIf(k -> k.startsWith(f.id() + "/"));
                    if (firstFailure == null) {
                        firstFailure = e;
                    }
                    repairs.print();
                }
            }
        }
        if (failed.size() == suite.frameworks().size()) {
            // nothing ran: no report to write, the error as it was
            if (firstFailure instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) firstFailure;
        }

        List<FixtureResult> fixtures = new ArrayList<>();
        for (Fixture fx : suite.fixtures()) {
            if (failed.containsKey(fx.framework().id())) {
                continue;
            }
            List<SeedResult> seeds = seedResults.get(fx.id());
            FeatureSet set = evalSets.get(fx.variant().id());
            fixtures.add(fixtureResult(suite, fx, seeds, set, policy));
        }
        List<String> frameworks = suite.frameworks().stream().map(FrameworkDecl::id)
                .filter(id -> !failed.containsKey(id)).toList();
        List<String> variants = suite.variants().stream().map(VariantDecl::id).toList();
        double[][] table = new double[frameworks.size()][variants.size()];
        for (FixtureResult r : fixtures) {
            table[frameworks.indexOf(r.framework())][variants.indexOf(r.variant())] = r.score();
        }
        AnalysisResult analysis = Analysis.analyse(new ScoreTable(frameworks, variants, table), suite.reference(),
                suite.aggregates(), suite.lotteryMargin(), predictions.build(), SignificanceSettings.DEFAULT);

        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("engine", Map.of("name", engine.getEngineName(), "version", engine.getVersion(), "djl",
                Engine.getDjlVersion(), "nativeLibrary", Engines.nativeLibraryPath().orElse("default")));
        facts.put("device", device.toString());
        facts.put("numeric", numeric.facts());
        facts.put("threads", Map.of("availableProcessors", Runtime.getRuntime().availableProcessors(),
                "decodeWorkers", options.threads(), "engineIntraOp", numeric.intraOpThreads(),
                "engineInterOp", numeric.interOpThreads()));
        facts.put("suite", Map.of("name", suite.name(), "epochScale", suite.epochScale(), "seeds", seedCount,
                "seedOffset", firstSeed, "falseAlarmRate", suite.falseAlarmRate(),
                "seedValues", java.util.stream.LongStream.range(firstSeed, firstSeed + seedCount).boxed().toList()));
        if (options.allowPartial()) {
            facts.put("allowPartial", true);
        }
        facts.put("datasetFingerprints", fingerprints);
        facts.put("datasets", datasets);
        facts.put("backbones", backboneIds);
        facts.put("checkpointDigests", checkpointDigests(suite, digests));
        facts.put("cache", Map.of("dir", options.cacheDir().toAbsolutePath().toString(),
                "featureSetsFromCache", featureHits, "headsFromCache", headHits, "headsTotal", heads,
                "repairs", store.problems()));
        Map<String, Object> environment = EnvironmentProbe.collect(home, numeric, facts);
        notes.addAll(store.problems());
        datasets.forEach((id, m) -> {
            if (m instanceof Map<?, ?> split && split.get("partial") != null) {
                notes.add("dataset " + id + " used with --allow-partial: " + split.get("partial")
                        + "; its scores are not comparable with a full copy's");
            }
        });

        // unique within a reports folder once ReportWriter claims it (a second run of the same second: <id>-2)
        String runId = started.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + suite.name();
        double wall = (System.nanoTime() - start) / 1e9;
        return new RunResult(runId, suite.name(), suite.description(), fixtures, analysis, suite.aggregates(),
                suite.lotteryMargin(), environment, List.copyOf(badSamples), notes, wall, failed, stageTimes);
    }

    private static dev.lottery.data.layout.SplitSpec split(VariantDecl v, RunOptions o) {
        return SplitLocator.spec(v, o.dataRoot(), o.datasetPaths(), o.realJson());
    }

    /**
     * Names the images a variant's per-image outcomes are over: the split's fingerprint, its bad samples
     * (skipped, so not scored) and the scoring rule (which decides the excluded ones). Frameworks with
     * the same key have their outcomes for the same images in the same order.
     */
    private static String imagesKey(VariantDecl v, FeatureSet set) {
        List<String> skipped = set.badSamples().stream().map(BadSample::imageId).toList();
        return ContentStore.key("scored-images-1", v.id(), set.fingerprint(), v.scoring().notation(), skipped);
    }

    /** Where a split was read from and what it was: recorded in environment.json. */
    private static Map<String, Object> datasetFacts(VariantDecl v, RunOptions o, FeatureSet set) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("root", split(v, o).root().toAbsolutePath().toString());
        m.put("layout", set.layout());
        m.put("quickFingerprint", set.fingerprint());
        if (set.fullFingerprint() != null) {
            m.put("fullFingerprint", set.fullFingerprint());
        }
        m.put("samples", set.seen());
        m.put("badSamples", set.badSamples().size());
        if (!set.partial().isEmpty()) {
            m.put("partial", set.partial()); // only with --allow-partial; a report says so, never silently
        }
        return m;
    }

    private static FixtureResult fixtureResult(Suite suite, Fixture fx, List<SeedResult> seeds, FeatureSet set,
            GatePolicy policy) {
        double[] acc = seeds.stream().mapToDouble(SeedResult::accuracy).toArray();
        SeedSpread spread = SeedSpread.of(acc);
        long scored = seeds.get(0).scored();
        long meanCorrect = Math.round(seeds.stream().mapToLong(SeedResult::correct).average().orElse(0));
        Interval ci = Intervals.clopperPearson(meanCorrect, scored, 0.95);
        double lower = ci.lower() * 100;
        double upper = ci.upper() * 100;
        FixtureCheck check = FixtureCheck.of(spread.mean(), spread.n(), fx.expectation().expected(),
                fx.expectation().noise(), policy);
        Routine routine = suite.routineOf(fx.framework());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("backbone", fx.framework().backbone().notation());
        if (routine == null) {
            params.put("routine", "pretrained (the checkpoint's own classifier; no training)");
        } else {
            params.put("routine", routine.id());
            params.put("epochs", Integer.toString(routine.epochs()));
            params.put("batchSize", Integer.toString(routine.batchSize()));
            params.put("lr", Double.toString(routine.lr()));
        }
        params.put("preprocessing", fx.framework().preprocessing());
        if (fx.framework().group().equals(AddedFrameworks.GROUP)) {
            params.put("added", fx.framework().note());
        }
        params.put("scoring", fx.variant().scoring().notation());
        params.put("report", "last epoch");
        return new FixtureResult(suite.name(), fx.framework().id(), fx.variant().id(), fx.expectation().metric(), "%",
                params, spread.mean(), (upper - lower) / 2, lower, upper, spread, List.copyOf(seeds),
                set.features().rows(), set.badSamples().size(), check, fx.expectation().source());
    }

    /** Digest per checkpoint framework; one not pinned in the lock file is marked as computed locally. */
    private static Map<String, String> checkpointDigests(Suite suite, Map<String, String> local) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FrameworkDecl f : suite.frameworks()) {
            if (!f.sha256().isEmpty()) {
                out.put(f.id(), f.sha256());
            } else if (local.containsKey(f.id()) && !local.get(f.id()).isEmpty()) {
                out.put(f.id(), local.get(f.id()) + " (computed locally; not pinned in the lock file)");
            }
        }
        return out;
    }

    /**
     * For a checkpoint framework: hashes the local file, refuses it when the pinned digest differs,
     * and returns the declaration carrying the file's digest (the cache keys depend on it).
     */
    static FrameworkDecl withLocalDigest(FrameworkDecl f, Path home, Path checkpointsDir) {
        if (f.backbone() != BackboneKind.CHECKPOINT) {
            return f;
        }
        Path file = RunOptions.checkpointFile(home, checkpointsDir, f.id(), f.checkpointUrl());
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(f.where() + ": the checkpoint of '" + f.id() + "' is not at " + file
                    + "; run ./lottery fetch " + f.id() + " (or point --checkpoints / LOTTERY_CHECKPOINTS at it)");
        }
        String sha;
        try {
            sha = Fetcher.sha256(file);
        } catch (IOException e) {
            throw new UncheckedIOException("hashing " + file, e);
        }
        if (!f.sha256().isEmpty() && !f.sha256().equals(sha)) {
            throw new IllegalStateException(file + " has SHA-256 " + sha + " but " + f.id() + " is pinned to "
                    + f.sha256() + "; refusing it (never a silent fallback to other weights)");
        }
        return new FrameworkDecl(f.id(), f.name(), f.group(), f.backbone(), f.width(), f.initSeed(), f.checkpointUrl(),
                sha, f.keymap(), f.padding(), f.preprocessing(), f.routine(), f.note(), f.where());
    }

    /** The checkpoint's own classifier (torchvision's fc) as a linear head: the canary needs no training. */
    private static LinearHead ownClassifier(FrameworkDecl f, Path home, Path checkpointsDir, int classes) {
        Path file = RunOptions.checkpointFile(home, checkpointsDir, f.id(), f.checkpointUrl());
        Map<String, WeightTensor> w = Checkpoints.load(file, f.keymap()).weights();
        WeightTensor fc = w.get("fc.weight");
        WeightTensor bias = w.get("fc.bias");
        if (fc == null || bias == null) {
            throw new IllegalStateException(f.where() + ": routine 'pretrained' needs a classifier (fc.weight, fc.bias)"
                    + " in " + file + " under keymap " + f.keymap());
        }
        long[] s = fc.shape();
        if (s[0] != classes) {
            throw new DatasetMismatchException(file + " classifies " + s[0] + " classes; the variants have " + classes);
        }
        return new LinearHead((int) s[0], (int) s[1], fc.values(), bias.values());
    }

    private static Backbone checkpoint(FrameworkDecl f, Preprocessing prep, Path cacheDir, Path home, Path checkpointsDir,
            Device device) {
        Path file = RunOptions.checkpointFile(home, checkpointsDir, f.id(), f.checkpointUrl());
        Backbone b = Backbones.open(file, f.keymap(), f.padding().isEmpty() ? null : Padding.of(f.padding()),
                cacheDir.resolve("models"), device);
        if (isExport(f)) {
            return b; // an ONNX export: its feature width is known after the first batch
        }
        int expected = ResNetSpec.resnet50(f.width(), prep.channels()).featureDim();
        if (b.featureDim() != expected) {
            b.close();
            throw new IllegalStateException(file + " (keymap " + f.keymap() + ") gives " + b.featureDim()
                    + "-d features; " + f.where() + " declares width " + f.width() + " (" + expected + "-d)");
        }
        return b;
    }

    private static boolean isExport(FrameworkDecl f) {
        return f.checkpointUrl().endsWith(".onnx");
    }

    private static Backbone open(FrameworkDecl f, Preprocessing prep, Path cacheDir, Path home, Path checkpointsDir,
            Device device) {
        return switch (f.backbone()) {
            case PIXELS -> Backbones.pixels(device);
            case RANDOM_RESNET -> Backbones.randomResNet(
                    ResNetSpec.resnet50(f.width(), prep.channels()), f.initSeed(),
                    cacheDir.resolve("models"), device);
            case CHECKPOINT -> checkpoint(f, prep, cacheDir, home, checkpointsDir, device);
        };
    }
}

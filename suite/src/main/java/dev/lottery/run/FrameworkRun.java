package dev.lottery.run;

import ai.djl.Device;
import dev.lottery.analysis.Predictions;
import dev.lottery.backbone.FrameworkBackbones;
import dev.lottery.catalog.Framework;
import dev.lottery.catalog.Suite;
import dev.lottery.catalog.Variant;
import dev.lottery.data.BadSample;
import dev.lottery.data.DatasetMismatchException;
import dev.lottery.data.Preprocessing;
import dev.lottery.data.layout.SplitSpec;
import dev.lottery.features.ContentStore;
import dev.lottery.probe.Probe;
import dev.lottery.probe.Routine;
import dev.lottery.report.SeedResult;
import dev.lottery.report.StageTimes;
import dev.lottery.score.Interval;
import dev.lottery.score.Score;
import dev.lottery.score.ScoredImages;
import dev.lottery.score.Scorer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One framework's part of a plan: the features of the training split and of every variant (cached by
 * content), one head per seed (cached), every head scored on every variant. Everything it found is in
 * the {@link Outcome}, which the runner keeps only when the whole framework succeeded.
 */
final class FrameworkRun {

    private final Plan plan;
    private final RunOptions options;
    private final FeatureStage featureStage;
    private final HeadStage headStage;
    private final Probe probe;
    private final Device device;

    FrameworkRun(Plan plan, RunOptions options, FeatureStage featureStage, HeadStage headStage, Probe probe,
            Device device) {
        this.plan = plan;
        this.options = options;
        this.featureStage = featureStage;
        this.headStage = headStage;
        this.probe = probe;
        this.device = device;
    }

    /**
     * What one framework gave.
     *
     * @param seedResults per variant id, one result per seed in plan order
     * @param evalSets    per variant id, the features scored
     * @param datasets    per split id, where it was read from and what it was (environment.json)
     */
    record Outcome(String framework, String backboneId, String digest, Map<String, List<SeedResult>> seedResults,
            Map<String, FeatureSet> evalSets, Map<String, String> fingerprints, Map<String, Object> datasets,
            Set<BadSample> badSamples, Predictions predictions, StageTimes times) {}

    /** Runs {@code checked} ({@code declared} with its checkpoint's digest, from the preflight). */
    Outcome run(Framework checked) throws IOException {
        Suite suite = plan.suite();
        Preprocessing prep = suite.preprocessingOf(checked);
        Routine routine = suite.routineOf(checked);
        FeatureOrigin origin = FeatureOrigin.of(checked, prep);
        Map<String, List<SeedResult>> seedResults = new LinkedHashMap<>();
        Map<String, FeatureSet> sets = new LinkedHashMap<>();
        Map<String, String> fingerprints = new LinkedHashMap<>();
        Map<String, Object> datasets = new LinkedHashMap<>();
        Set<BadSample> badSamples = new LinkedHashSet<>();
        Predictions.Builder predictions = new Predictions.Builder();
        int featureHits = 0;
        int headHits = 0;
        long t0 = System.nanoTime();
        long extraction;
        long training = 0;
        long scoring = 0;
        Path artifact = artifact(checked);
        try (LazyBackbone backbone = new LazyBackbone(() -> FrameworkBackbones.open(checked, prep, artifact,
                options.cacheDir().resolve("models"), device))) {
            // a framework scored with its own classifier ("pretrained") needs no training features
            FeatureSet train = routine == null ? null
                    : featureStage.features(checked.id(), origin, backbone, suite.train(), split(suite.train()), prep,
                            options.fullFingerprint());
            if (train != null) {
                featureHits += train.fromCache() ? 1 : 0;
                fingerprints.put(suite.train().id(), train.fingerprint());
                datasets.put(suite.train().id(), datasetFacts(suite.train(), train));
                badSamples.addAll(train.badSamples());
            }
            List<String> classList = train != null ? train.classes() : null;
            String classSource = train != null ? split(suite.train()).root().toString() : null;
            for (Variant v : suite.variants()) {
                FeatureSet set = featureStage.features(checked.id(), origin, backbone, v, split(v), prep,
                        options.fullFingerprint());
                featureHits += set.fromCache() ? 1 : 0;
                if (classList != null && !set.classes().equals(classList)) {
                    throw new DatasetMismatchException(split(v).root() + " (" + set.layout() + ") lists "
                            + set.classes().size() + " classes that differ from the " + classList.size() + " of "
                            + classSource + "; labels would not line up");
                }
                classList = set.classes();
                classSource = split(v).root().toString();
                datasets.put(v.id(), datasetFacts(v, set));
                sets.put(v.id(), set);
                fingerprints.put(v.id(), set.fingerprint());
                badSamples.addAll(set.badSamples());
            }
            int classes = classList.size();
            extraction = System.nanoTime() - t0;
            HeadStage.TrainedHead own = routine == null
                    ? new HeadStage.TrainedHead("pretrained:" + checked.sha256(),
                            FrameworkBackbones.ownClassifier(checked, artifact, classes), false)
                    : null;
            for (long seed : plan.seeds()) {
                long t1 = System.nanoTime();
                HeadStage.TrainedHead head = own != null ? own : headStage.head(checked.id(), train, classes, routine, seed);
                long t2 = System.nanoTime();
                training += t2 - t1;
                headHits += head.fromCache() ? 1 : 0;
                for (Variant v : suite.variants()) {
                    FeatureSet set = sets.get(v.id());
                    float[] logits = probe.logits(head.head(), set.features());
                    ScoredImages scored = Scorer.scoreImages(logits, classes, set.labels(), v.scoring());
                    Score s = scored.score();
                    predictions.add(checked.id(), v.id(), imagesKey(v, set), seed, scored.correctness());
                    Interval ci = s.interval();
                    seedResults.computeIfAbsent(v.id(), k -> new ArrayList<>())
                            .add(new SeedResult(seed, s.accuracy(), s.correct(), s.scored(), s.excluded(), ci.lower(),
                                    ci.upper(), head.key(), head.fromCache()));
                }
                scoring += System.nanoTime() - t2;
            }
        }
        StageTimes times = new StageTimes(checked.id(), extraction / 1e9, training / 1e9, scoring / 1e9,
                (routine != null ? 1 : 0) + suite.variants().size(), featureHits, plan.seedCount(), headHits);
        return new Outcome(checked.id(), origin.backbone().describe(), checked.sha256(), seedResults, sets,
                fingerprints, datasets, badSamples, predictions.build(), times);
    }

    private Path artifact(Framework f) {
        return f.checkpointUrl().isEmpty() ? null
                : RunOptions.checkpointFile(plan.suite().home(), options.checkpointsDir(), f.id(), f.checkpointUrl());
    }

    SplitSpec split(Variant v) {
        return SplitLocator.spec(v, options.dataRoot(), options.datasetPaths(), options.realJson());
    }

    /**
     * Names the images a variant's per-image outcomes are over: the split's fingerprint, its bad samples
     * (skipped, so not scored) and the scoring rule (which decides the excluded ones). Frameworks with
     * the same key have their outcomes for the same images in the same order.
     */
    private static String imagesKey(Variant v, FeatureSet set) {
        List<String> skipped = set.badSamples().stream().map(BadSample::imageId).toList();
        return ContentStore.key("scored-images-1", v.id(), set.fingerprint(), v.scoring().notation(), skipped);
    }

    /** Where a split was read from and what it was: recorded in environment.json. */
    private Map<String, Object> datasetFacts(Variant v, FeatureSet set) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("root", split(v).root().toAbsolutePath().toString());
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
}

package dev.lottery.run;

import ai.djl.Device;
import dev.lottery.analysis.Predictions;
import dev.lottery.backbone.FrameworkBackbones;
import dev.lottery.catalog.Framework;
import dev.lottery.catalog.Protocol;
import dev.lottery.catalog.Suite;
import dev.lottery.catalog.Variant;
import dev.lottery.data.BadSample;
import dev.lottery.data.DatasetMismatchException;
import dev.lottery.data.Preprocessing;
import dev.lottery.data.TrainTransform;
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
     * What one framework gave under one protocol (a row of the score table).
     *
     * @param framework   the framework's id; {@code row} its id under the protocol ({@link Protocol#row})
     * @param seedResults per variant id, one result per seed in plan order
     * @param evalSets    per variant id, the features scored
     * @param datasets    per split id, where it was read from and what it was (environment.json)
     */
    record Outcome(String framework, String row, Protocol protocol, String backboneId, String digest,
            Map<String, List<SeedResult>> seedResults, Map<String, FeatureSet> evalSets, Map<String, String> fingerprints,
            Map<String, Object> datasets, Set<BadSample> badSamples, Predictions predictions, StageTimes times) {}

    /**
     * Runs {@code checked} ({@code declared} with its checkpoint's digest, from the preflight) under every
     * protocol of the plan's suite that applies to it (a checkpoint's own classifier: {@code center} only).
     */
    List<Outcome> run(Framework checked) throws IOException {
        Suite suite = plan.suite();
        Preprocessing prep = suite.preprocessingOf(checked);
        Routine routine = suite.routineOf(checked);
        FeatureOrigin origin = FeatureOrigin.of(checked, prep);
        Path artifact = artifact(checked);
        List<Outcome> out = new ArrayList<>();
        try (LazyBackbone backbone = new LazyBackbone(() -> FrameworkBackbones.open(checked, prep, artifact,
                options.cacheDir().resolve("models"), device))) {
            long t0 = System.nanoTime();
            Shared shared = shared(checked, origin, backbone, prep, routine);
            long extraction = System.nanoTime() - t0;
            for (Protocol p : suite.protocols()) {
                if (routine == null && !p.isCenter()) {
                    continue;
                }
                out.add(underProtocol(checked, p, shared, origin, backbone, prep, routine, extraction, artifact));
                extraction = 0; // the shared test-time extraction is counted once, on the first row
            }
        }
        return out;
    }

    /** The features every protocol scores (every variant's) and trains from (the training split's), once. */
    private record Shared(FeatureSet train, Map<String, FeatureSet> sets, int classes, Map<String, String> fingerprints,
            Map<String, Object> datasets, Set<BadSample> badSamples, int featureSets, int featureHits) {}

    private Shared shared(Framework checked, FeatureOrigin origin, LazyBackbone backbone, Preprocessing prep,
            Routine routine) throws IOException {
        Suite suite = plan.suite();
        Map<String, FeatureSet> sets = new LinkedHashMap<>();
        Map<String, String> fingerprints = new LinkedHashMap<>();
        Map<String, Object> datasets = new LinkedHashMap<>();
        Set<BadSample> badSamples = new LinkedHashSet<>();
        int hits = 0;
        // a framework scored with its own classifier ("pretrained") needs no training features
        FeatureSet train = routine == null ? null
                : featureStage.features(checked.id(), origin, backbone, suite.train(), split(suite.train()), prep,
                        options.fullFingerprint());
        if (train != null) {
            hits += train.fromCache() ? 1 : 0;
            fingerprints.put(suite.train().id(), train.fingerprint());
            datasets.put(suite.train().id(), datasetFacts(suite.train(), train));
            badSamples.addAll(train.badSamples());
        }
        List<String> classList = train != null ? train.classes() : null;
        String classSource = train != null ? split(suite.train()).root().toString() : null;
        for (Variant v : suite.variants()) {
            FeatureSet set = featureStage.features(checked.id(), origin, backbone, v, split(v), prep,
                    options.fullFingerprint());
            hits += set.fromCache() ? 1 : 0;
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
        return new Shared(train, sets, classList.size(), fingerprints, datasets, badSamples,
                (train != null ? 1 : 0) + suite.variants().size(), hits);
    }

    private Outcome underProtocol(Framework checked, Protocol p, Shared shared, FeatureOrigin origin,
            LazyBackbone backbone, Preprocessing prep, Routine routine, long extraction, Path artifact)
            throws IOException {
        Suite suite = plan.suite();
        String row = p.row(checked.id());
        Map<String, List<SeedResult>> seedResults = new LinkedHashMap<>();
        Predictions.Builder predictions = new Predictions.Builder();
        int featureSets = p.isCenter() ? shared.featureSets() : 0;
        int featureHits = p.isCenter() ? shared.featureHits() : 0;
        int headHits = 0;
        long training = 0;
        long scoring = 0;
        long t0 = System.nanoTime();
        Training heads = null;
        if (routine != null) {
            heads = training(checked, p, shared, origin, backbone, prep, routine);
            featureSets += heads.featureSets();
            featureHits += heads.featureHits();
        }
        extraction += System.nanoTime() - t0;
        HeadStage.TrainedHead own = routine == null
                ? new HeadStage.TrainedHead("pretrained:" + checked.sha256(),
                        FrameworkBackbones.ownClassifier(checked, artifact, shared.classes()), false)
                : null;
        for (long seed : plan.seeds()) {
            long t1 = System.nanoTime();
            HeadStage.TrainedHead head = own != null ? own : heads.head(row, seed);
            long t2 = System.nanoTime();
            training += t2 - t1;
            headHits += head.fromCache() ? 1 : 0;
            for (Variant v : suite.variants()) {
                FeatureSet set = shared.sets().get(v.id());
                float[] logits = probe.logits(head.head(), set.features());
                ScoredImages scored = Scorer.scoreImages(logits, shared.classes(), set.labels(), v.scoring());
                Score s = scored.score();
                predictions.add(row, v.id(), imagesKey(v, set), seed, scored.correctness());
                Interval ci = s.interval();
                seedResults.computeIfAbsent(v.id(), k -> new ArrayList<>())
                        .add(new SeedResult(seed, s.accuracy(), s.correct(), s.scored(), s.excluded(), ci.lower(),
                                ci.upper(), head.key(), head.fromCache(), head.referenceByEpoch(), head.reportedEpoch()));
            }
            scoring += System.nanoTime() - t2;
        }
        StageTimes times = new StageTimes(row, extraction / 1e9, training / 1e9, scoring / 1e9, featureSets,
                featureHits, plan.seedCount(), headHits);
        return new Outcome(checked.id(), row, p, origin.backbone().describe(), checked.sha256(), seedResults,
                shared.sets(), shared.fingerprints(), shared.datasets(), shared.badSamples(), predictions.build(), times);
    }

    /** How one protocol trains a seed's head ({@code head(label, seed)}), with the training feature sets it needed. */
    private record Training(java.util.function.BiFunction<String, Long, HeadStage.TrainedHead> head, int featureSets,
            int featureHits) {
        HeadStage.TrainedHead head(String label, long seed) {
            return head.apply(label, seed);
        }
    }

    private Training training(Framework checked, Protocol p, Shared shared, FeatureOrigin origin, LazyBackbone backbone,
            Preprocessing prep, Routine routine) throws IOException {
        FeatureSet train = shared.train();
        int classes = shared.classes();
        int[] labels = HeadStage.firstLabels(train.labels());
        TrainTransform t = plan.suite().trainTransformOf(checked);
        Variant split = plan.suite().train();
        switch (p.kind()) {
            case CENTER -> {
                return new Training((label, seed) -> headStage.head(label, train, classes, routine, seed, best(shared)), 0,
                        0);
            }
            case VIEWS -> {
                List<FeatureSet> views = new ArrayList<>();
                int hits = 0;
                for (int v = 0; v < p.views(); v++) {
                    FeatureSet view = featureStage.features(checked.id() + " view " + (v + 1) + "/" + p.views(), origin,
                            backbone, split, split(split), prep, options.fullFingerprint(),
                            Augmentation.of(t, prep, Protocol.VIEW_SEED, v), t);
                    hits += view.fromCache() ? 1 : 0;
                    if (!java.util.Arrays.deepEquals(view.labels(), train.labels())) {
                        throw new IllegalStateException("view " + v + " of " + split.id() + " has other rows than its"
                                + " test-time extraction (a bad image must be bad in every view)");
                    }
                    views.add(view);
                }
                List<FeaturesProvenance> keys = views.stream().map(FeatureSet::provenance).toList();
                List<dev.lottery.features.FeatureRows> rows = views.stream().map(FeatureSet::features).toList();
                return new Training((label, seed) -> headStage.head(label, HeadProvenance.ofViews(p.id(), keys, routine,
                        seed, classes, headStage.numericKey()), new ViewRows(rows, seed), labels, classes, routine, seed,
                        false, best(shared)), p.views(), hits);
            }
            case AUGMENTED -> {
                FeatureStage.Opened opened = featureStage.open(split, split(split), options.fullFingerprint());
                return new Training((label, seed) -> {
                    FeaturesProvenance drawn = FeaturesProvenance.of(origin, train.provenance().dataset(), prep,
                            Augmentation.of(t, prep, seed, -1), featureStage.batch());
                    AugmentedRows rows = new AugmentedRows(opened.source(), epoch -> Augmentation.transform(
                            Augmentation.of(t, prep, seed, epoch), t, prep), backbone, featureStage.threads(),
                            drawn.extractionBatch(),
                            train.features().rows(), train.features().cols(), train.labels(), train.badSamples());
                    return headStage.head(label, HeadProvenance.ofAugmented(drawn, routine, seed, classes,
                            headStage.numericKey()), rows, labels, classes, routine, seed, true, best(shared));
                }, 0, 0);
            }
            default -> throw new IllegalStateException("unknown protocol " + p);
        }
    }

    /** A new selection of the best epoch under the suite's best-val rule, else null (the last epoch). */
    private BestEpoch best(Shared shared) {
        Suite suite = plan.suite();
        if (suite.epochRule() != dev.lottery.catalog.EpochRule.BEST_VAL) {
            return null;
        }
        Variant reference = suite.variants().stream().filter(v -> v.id().equals(suite.reference())).findFirst()
                .orElseThrow();
        return new BestEpoch(probe, reference.id(), shared.sets().get(reference.id()), reference.scoring(),
                shared.classes());
    }

    private Path artifact(Framework f) {
        return f.checkpointUrl().isEmpty() ? null
                : RunOptions.checkpointFile(plan.suite().home(), options.checkpointsDir(), f.id(), f.checkpointUrl());
    }

    SplitSpec split(Variant v) {
        return options.split(v);
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

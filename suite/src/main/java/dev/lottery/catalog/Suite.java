package dev.lottery.catalog;

import dev.lottery.analysis.AggregateDefinition;
import dev.lottery.data.Preprocessing;
import dev.lottery.data.TrainTransform;
import dev.lottery.probe.Routine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated suite: frameworks x variants (like JMH's @Param product) with everything each fixture
 * needs resolved. Routines are already scaled by the suite's epoch scale. Built by {@link #builder}
 * (in Java: tests, embedding) or by {@link Catalog#load} from the declaration files, which feeds the
 * same builder; either way {@link Builder#build()} checks it the same way.
 */
public record Suite(
        String name,
        String description,
        Path home,
        Variant train,
        List<Framework> frameworks,
        List<Variant> variants,
        Map<String, Routine> routines,
        Map<String, Preprocessing> preprocessing,
        List<Fixture> fixtures,
        String reference,
        int seeds,
        double epochScale,
        double lotteryMargin,
        double falseAlarmRate,
        List<AggregateDefinition> aggregates,
        Path expectationsFile,
        List<Protocol> protocols,
        Map<String, TrainTransform> trainTransforms,
        EpochRule epochRule,
        int extractionBatch) {

    /** Images per backbone batch when a suite does not say (suite property {@code extraction_batch}). */
    public static final int DEFAULT_EXTRACTION_BATCH = 256;

    /** The train transform of {@code f}'s routine (the augmented protocols need one), or null. */
    public TrainTransform trainTransformOf(Framework f) {
        return trainTransforms.get(f.routine());
    }

    public Routine routineOf(Framework f) {
        return routines.get(f.routine());
    }

    public Preprocessing preprocessingOf(Framework f) {
        return preprocessing.get(f.preprocessing());
    }

    /**
     * The same suite restricted to some frameworks and variants (null = keep all; an empty list is
     * an error, not "nothing to do"). Aggregates whose variants are not all kept are dropped: the
     * selection cannot compute them ({@link #aggregatesNotComputed} names them).
     */
    public Suite restrict(List<String> frameworkIds, List<String> variantIds) {
        if ((frameworkIds != null && frameworkIds.isEmpty()) || (variantIds != null && variantIds.isEmpty())) {
            throw new IllegalArgumentException("suite '" + name + "': an empty " + (frameworkIds != null
                    && frameworkIds.isEmpty() ? "--frameworks" : "--variants") + " selection selects no fixture;"
                    + " expected at least one of " + (frameworkIds != null && frameworkIds.isEmpty()
                            ? frameworks.stream().map(Framework::id).toList()
                            : variants.stream().map(Variant::id).toList()));
        }
        List<String> unknownF = frameworkIds == null ? List.of()
                : frameworkIds.stream().filter(id -> frameworks.stream().noneMatch(f -> f.id().equals(id))).toList();
        List<String> unknownV = variantIds == null ? List.of()
                : variantIds.stream().filter(id -> variants.stream().noneMatch(v -> v.id().equals(id))).toList();
        if (!unknownF.isEmpty() || !unknownV.isEmpty()) {
            throw new IllegalArgumentException("suite '" + name + "' has no "
                    + (unknownF.isEmpty() ? "" : "framework(s) " + unknownF + " (known: "
                            + frameworks.stream().map(Framework::id).toList() + ") ")
                    + (unknownV.isEmpty() ? "" : "variant(s) " + unknownV + " (known: "
                            + variants.stream().map(Variant::id).toList() + ")"));
        }
        List<Framework> fs = frameworks.stream()
                .filter(f -> frameworkIds == null || frameworkIds.contains(f.id())).toList();
        List<Variant> vs = variants.stream()
                .filter(v -> variantIds == null || variantIds.contains(v.id()) || v.id().equals(reference)).toList();
        List<Fixture> fx = fixtures.stream()
                .filter(x -> fs.contains(x.framework()) && vs.contains(x.variant())).toList();
        List<String> kept = vs.stream().map(Variant::id).toList();
        List<AggregateDefinition> computable = aggregates.stream().filter(a -> kept.containsAll(a.variants())).toList();
        return new Suite(name, description, home, train, fs, vs, routines, preprocessing, fx, reference, seeds,
                epochScale, lotteryMargin, falseAlarmRate, computable, expectationsFile, protocols, trainTransforms, epochRule, extractionBatch);
    }

    /**
     * The same suite under only the protocols {@code ids} ({@code center}, {@code views-K}, {@code augmented};
     * null = all of them); a protocol the suite does not declare is an error naming those it does.
     */
    public Suite onlyProtocols(List<String> ids) {
        if (ids == null) {
            return this;
        }
        List<String> declared = protocols.stream().map(Protocol::id).toList();
        List<String> unknown = ids.stream().filter(id -> !declared.contains(id)).toList();
        if (ids.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalArgumentException("suite '" + name + "' " + (ids.isEmpty() ? "needs at least one"
                    : "has no protocol(s) " + unknown) + "; it declares " + declared);
        }
        List<Protocol> ps = protocols.stream().filter(p -> ids.contains(p.id())).toList();
        List<Fixture> fx = fixtures.stream().filter(f -> ps.contains(f.protocol())).toList();
        return new Suite(name, description, home, train, frameworks, variants, routines, preprocessing, fx, reference,
                seeds, epochScale, lotteryMargin, falseAlarmRate, aggregates, expectationsFile, ps, trainTransforms,
                epochRule, extractionBatch);
    }

    /**
     * The same suite with {@code added} frameworks (a user's own checkpoints, {@code run --add}): each is
     * run on every variant as record-only (no expectation: reported, never a pass), after the declared ones.
     */
    public Suite withAdded(List<Framework> added) {
        if (added.isEmpty()) {
            return this;
        }
        List<Framework> fs = new java.util.ArrayList<>(frameworks);
        List<Fixture> fx = new java.util.ArrayList<>(fixtures);
        for (Framework f : added) {
            if (fs.stream().anyMatch(x -> x.id().equals(f.id()))) {
                throw new IllegalArgumentException("--add " + f.id() + ": suite '" + name + "' already has a framework '"
                        + f.id() + "'; choose another name");
            }
            fs.add(f);
            for (Protocol p : protocols) {
                for (Variant v : variants) {
                    fx.add(new Fixture(f, v, p, Expectation.recordOnly(f.id(), v.id(), p, v.metric(),
                            "added with --add (" + f.note() + "): recorded, not checked", f.where())));
                }
            }
        }
        return new Suite(name, description, home, train, List.copyOf(fs), variants, routines, preprocessing,
                List.copyOf(fx), reference, seeds, epochScale, lotteryMargin, falseAlarmRate, aggregates,
                expectationsFile, protocols, trainTransforms, epochRule, extractionBatch);
    }

    /** One line per aggregate of {@code declared} that this (restricted) suite cannot compute, saying why. */
    public List<String> aggregatesNotComputed(Suite declared) {
        List<String> kept = variants.stream().map(Variant::id).toList();
        return declared.aggregates().stream().filter(a -> !aggregates.contains(a))
                .map(a -> "aggregate '" + a.name() + "' not computed: it needs variants " + a.variants()
                        + ", the selection has " + kept)
                .toList();
    }

    /** A suite declared in Java; {@code home} is the project root (in-repository checkpoints resolve against it). */
    public static Builder builder(String name, Path home) {
        return new Builder(name, home);
    }

    /**
     * Builds a {@link Suite}. Defaults: 1 seed, epoch scale 1, lottery margin 1 pp, the default false-alarm
     * rate, the first variant as reference. Every fixture needs an expectation unless
     * {@link #recordOnlyUnlessExpected} is set.
     */
    public static final class Builder {
        private final String name;
        private final Path home;
        private String description = "";
        private Variant train;
        private final List<Framework> frameworks = new ArrayList<>();
        private final List<Variant> variants = new ArrayList<>();
        private final Map<String, Routine> routines = new LinkedHashMap<>();
        private final Map<String, Preprocessing> preprocessing = new LinkedHashMap<>();
        private final List<Expectation> expectations = new ArrayList<>();
        private String recordOnlySource;
        private String reference;
        private int seeds = 1;
        private double epochScale = 1;
        private double lotteryMargin = 1;
        private double falseAlarmRate = dev.lottery.analysis.GatePolicy.DEFAULT_FALSE_ALARM_RATE;
        private final List<AggregateDefinition> aggregates = new ArrayList<>();
        private Path expectationsFile;
        private Object declaredAt;
        private final List<Protocol> protocols = new ArrayList<>();
        private final Map<String, TrainTransform> trainTransforms = new LinkedHashMap<>();
        private EpochRule epochRule = EpochRule.LAST;
        private int extractionBatch = DEFAULT_EXTRACTION_BATCH;

        private Builder(String name, Path home) {
            this.name = name;
            this.home = home;
        }

        public Builder description(String v) { description = v; return this; }
        public Builder train(Variant v) { train = v; return this; }
        public Builder framework(Framework f) { frameworks.add(f); return this; }
        public Builder frameworks(List<Framework> fs) { frameworks.addAll(fs); return this; }
        public Builder variant(Variant v) { variants.add(v); return this; }
        public Builder variants(List<Variant> vs) { variants.addAll(vs); return this; }
        public Builder routine(Routine r) { routines.put(r.id(), r); return this; }
        public Builder routines(Map<String, Routine> rs) { routines.putAll(rs); return this; }
        public Builder preprocessing(Preprocessing p) { preprocessing.put(p.id(), p); return this; }
        public Builder preprocessing(Map<String, Preprocessing> ps) { preprocessing.putAll(ps); return this; }
        public Builder expectation(Expectation e) { expectations.add(e); return this; }
        public Builder expectations(List<Expectation> es) { expectations.addAll(es); return this; }
        public Builder reference(String variantId) { reference = variantId; return this; }
        public Builder seeds(int v) { seeds = v; return this; }
        public Builder epochScale(double v) { epochScale = v; return this; }
        public Builder lotteryMargin(double v) { lotteryMargin = v; return this; }
        public Builder falseAlarmRate(double v) { falseAlarmRate = v; return this; }
        public Builder aggregate(AggregateDefinition a) { aggregates.add(a); return this; }
        public Builder aggregates(List<AggregateDefinition> as) { aggregates.addAll(as); return this; }

        /** A protocol every trained framework is run under (default: {@code center} alone). */
        public Builder protocol(Protocol p) { protocols.add(p); return this; }
        public Builder protocols(List<Protocol> ps) { protocols.addAll(ps); return this; }

        /** The train transform of routine {@code routineId} (what views-K and augmented draw from). */
        public Builder trainTransform(String routineId, TrainTransform t) { trainTransforms.put(routineId, t); return this; }
        public Builder trainTransforms(Map<String, TrainTransform> ts) { trainTransforms.putAll(ts); return this; }

        /** Which epoch's head every fixture reports (default {@link EpochRule#LAST}). */
        public Builder epochRule(EpochRule r) { epochRule = r; return this; }
        public Builder extractionBatch(int n) { extractionBatch = n; return this; }

        /** The file the expectations were read from (named by a missing-expectation problem and in reports). */
        public Builder expectationsFile(Path v) { expectationsFile = v; return this; }

        /** Every fixture without an expectation is run record-only, with {@code source} as its source. */
        public Builder recordOnlyUnlessExpected(String source) { recordOnlySource = source; return this; }

        /** Where the suite was declared, for problems that belong to no single row (default: the calling line). */
        public Builder declaredAt(Object where) { declaredAt = where; return this; }

        /** What keeps this suite from being built, one sentence each naming where (empty when it builds). */
        public List<String> problems() {
            List<String> out = new ArrayList<>();
            Object at = at();
            for (Framework f : frameworks) {
                f.problems().forEach(p -> out.add(f.where() + ": " + p));
                if (!f.routine().equals(Catalog.PRETRAINED) && !routines.containsKey(f.routine())) {
                    out.add(f.where() + ": unknown routine '" + f.routine() + "'; declared routines: "
                            + routines.keySet());
                }
                if (!preprocessing.containsKey(f.preprocessing())) {
                    out.add(f.where() + ": unknown preprocessing '" + f.preprocessing() + "'; declared: "
                            + preprocessing.keySet());
                }
            }
            if (train == null && frameworks.stream().anyMatch(f -> !f.routine().equals(Catalog.PRETRAINED))) {
                out.add(at + ": suite '" + name + "' trains heads but declares no training split");
            }
            for (Variant v : variants) {
                if (!v.isScored()) {
                    out.add(at + ": variant '" + v.id() + "' has no scoring rule in " + v.where());
                }
            }
            String ref = referenceId();
            if (ref != null && variants.stream().noneMatch(v -> v.id().equals(ref))) {
                out.add(at + ": reference variant '" + ref + "' is not one of the suite's variants");
            }
            if (seeds < 1) {
                out.add(at + ": seeds must be at least 1, found " + seeds);
            }
            if (!(epochScale > 0 && epochScale <= 1)) {
                out.add(at + ": epoch_scale must be in (0, 1], found " + epochScale);
            }
            if (!(falseAlarmRate > 0 && falseAlarmRate <= 0.05)) {
                out.add(at + ": false_alarm_rate must be in (0, 0.05] (a family-wise rate per run), found "
                        + falseAlarmRate);
            }
            if (extractionBatch < 1 || extractionBatch > 4096) {
                out.add(at + ": extraction_batch must be in [1, 4096] images, found " + extractionBatch);
            }
            if (epochRule == EpochRule.BEST_VAL && referenceId() == null) {
                out.add(at + ": epoch_rule best-val scores every epoch on the reference variant; declare one");
            }
            if (protocols().size() != new java.util.HashSet<>(protocols()).size()) {
                out.add(at + ": a protocol is listed twice in " + protocols());
            }
            for (Protocol p : protocols()) {
                if (p.isCenter()) {
                    continue;
                }
                frameworks.stream().filter(f -> !f.routine().equals(Catalog.PRETRAINED))
                        .map(Framework::routine).distinct().filter(r -> routines.containsKey(r)
                                && !trainTransforms.containsKey(r))
                        .forEach(r -> out.add(at + ": protocol '" + p.id() + "' needs the train transform of routine '"
                                + r + "' (columns train_scale, train_ratio, train_interpolation, train_flip,"
                                + " train_source of routines.csv)"));
            }
            for (AggregateDefinition a : aggregates) {
                a.variants().stream().filter(id -> variants.stream().noneMatch(v -> v.id().equals(id)))
                        .forEach(id -> out.add(at + ": aggregate '" + a.name() + "' names variant '" + id
                                + "', which is not one of the suite's variants"));
            }
            bind(out);
            return out;
        }

        /** The suite; throws {@link CatalogException} listing every {@link #problems()}. */
        public Suite build() {
            List<String> problems = problems();
            if (!problems.isEmpty()) {
                throw new CatalogException(problems);
            }
            Map<String, Routine> scaled = new LinkedHashMap<>();
            routines.forEach((id, r) -> scaled.put(id, r.scaledEpochs(epochScale)));
            return new Suite(name, description, home, train, List.copyOf(frameworks), List.copyOf(variants),
                    Map.copyOf(scaled), Map.copyOf(preprocessing), List.copyOf(bind(new ArrayList<>())),
                    referenceId() == null ? "" : referenceId(), seeds, epochScale, lotteryMargin, falseAlarmRate,
                    List.copyOf(aggregates), expectationsFile, List.copyOf(protocols()), Map.copyOf(trainTransforms),
                    epochRule, extractionBatch);
        }

        /** The declared protocols, {@code center} alone when none is. */
        private List<Protocol> protocols() {
            return protocols.isEmpty() ? List.of(Protocol.CENTER) : protocols;
        }

        private String referenceId() {
            if (reference != null) {
                return reference.isEmpty() ? null : reference;
            }
            return variants.isEmpty() ? null : variants.get(0).id();
        }

        private Object at() {
            return declaredAt != null ? declaredAt : Where.inJava();
        }

        /** Fixtures = frameworks x variants, each with its one expectation; what does not bind goes to {@code problems}. */
        private List<Fixture> bind(List<String> problems) {
            Map<String, Expectation> byFixture = new LinkedHashMap<>();
            for (Expectation e : expectations) {
                Expectation previous = byFixture.put(e.fixtureId(), e);
                if (previous != null) {
                    problems.add(e.where() + ": a second expectation for " + e.fixtureId()
                            + " (first at line " + previous.where().line() + ")");
                }
            }
            List<Fixture> fixtures = new ArrayList<>();
            for (Protocol p : protocols()) {
                for (Framework f : frameworks) {
                    if (!p.isCenter() && f.routine().equals(Catalog.PRETRAINED)) {
                        continue; // a checkpoint's own classifier is trained under no protocol
                    }
                    for (Variant v : variants) {
                        Expectation e = byFixture.remove(p.row(f.id()) + "/" + v.id());
                        if (e == null && recordOnlySource != null) {
                            e = Expectation.recordOnly(f.id(), v.id(), p, v.metric(), recordOnlySource, f.where());
                        }
                        if (e == null) {
                            problems.add((expectationsFile != null ? expectationsFile : at()) + ": fixture "
                                    + p.row(f.id()) + "/" + v.id() + " has no expectation row; add one with an expected"
                                    + " value and tolerance, or 'record-only'" + (p.isCenter() ? ""
                                            : " (protocol column '" + p.id() + "')"));
                        } else if (!e.metric().equals(v.metric())) {
                            problems.add(e.where() + ": metric '" + e.metric() + "' does not match variant '" + v.id()
                                    + "', which is scored as '" + v.metric() + "'");
                        } else {
                            fixtures.add(new Fixture(f, v, p, e));
                        }
                    }
                }
            }
            byFixture.values().forEach(e -> problems.add(e.where() + ": expectation for " + e.fixtureId()
                    + " matches no fixture of the suite" + (e.protocol().isCenter() ? "" : " (is protocol '"
                            + e.protocol().id() + "' in the suite's protocols?)")));
            return fixtures;
        }
    }
}

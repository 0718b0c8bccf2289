package dev.lottery.catalog;

import dev.lottery.analysis.AggregateDefinition;
import dev.lottery.data.Preprocessing;
import dev.lottery.probe.Routine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A validated suite: frameworks x variants (like JMH's @Param product) with everything each fixture
 * needs resolved. Routines are already scaled by the suite's epoch scale.
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
        Path expectationsFile) {

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
                epochScale, lotteryMargin, falseAlarmRate, computable, expectationsFile);
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
            for (Variant v : variants) {
                fx.add(new Fixture(f, v, new Expectation(f.id(), v.id(), v.metric(), null,
                        dev.lottery.analysis.NoiseModel.band(0), "added with --add (" + f.note()
                        + "): recorded, not checked", f.where())));
            }
        }
        return new Suite(name, description, home, train, List.copyOf(fs), variants, routines, preprocessing,
                List.copyOf(fx), reference, seeds, epochScale, lotteryMargin, falseAlarmRate, aggregates,
                expectationsFile);
    }

    /** One line per aggregate of {@code declared} that this (restricted) suite cannot compute, saying why. */
    public List<String> aggregatesNotComputed(Suite declared) {
        List<String> kept = variants.stream().map(Variant::id).toList();
        return declared.aggregates().stream().filter(a -> !aggregates.contains(a))
                .map(a -> "aggregate '" + a.name() + "' not computed: it needs variants " + a.variants()
                        + ", the selection has " + kept)
                .toList();
    }
}

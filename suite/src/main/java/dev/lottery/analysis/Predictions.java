package dev.lottery.analysis;

import dev.lottery.score.Correctness;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every fixture's per-image outcomes, per seed: the input of the paired tests. Keyed by framework,
 * then variant (insertion order kept). Empty for a run stored before per-image outcomes were kept.
 */
public record Predictions(Map<String, Map<String, FixturePredictions>> byFramework) {

    /**
     * One fixture's outcomes.
     *
     * @param alignment names the scored images (the split's fingerprint, its bad samples and the scoring
     *                  rule): two fixtures are compared image by image only when their alignments are equal
     * @param seeds     the seed of each entry of {@code perSeed}
     */
    public record FixturePredictions(String alignment, List<Long> seeds, List<Correctness> perSeed) {

        public FixturePredictions {
            seeds = List.copyOf(seeds);
            perSeed = List.copyOf(perSeed);
            if (seeds.size() != perSeed.size() || perSeed.isEmpty()) {
                throw new IllegalArgumentException("expected one outcome per seed (at least one), found " + seeds.size()
                        + " seeds and " + perSeed.size() + " outcomes");
            }
            int n = perSeed.get(0).images();
            for (Correctness c : perSeed) {
                if (c.images() != n) {
                    throw new IllegalArgumentException("the seeds of one fixture scored different numbers of images: "
                            + n + " and " + c.images());
                }
            }
        }

        public int images() {
            return perSeed.get(0).images();
        }
    }

    public Predictions {
        Map<String, Map<String, FixturePredictions>> copy = new LinkedHashMap<>();
        byFramework.forEach((f, m) -> copy.put(f, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
        byFramework = Collections.unmodifiableMap(copy);
    }

    public static Predictions none() {
        return new Predictions(Map.of());
    }

    public boolean isEmpty() {
        return byFramework.isEmpty();
    }

    /** Null when the fixture has no stored outcomes. */
    public FixturePredictions get(String framework, String variant) {
        Map<String, FixturePredictions> m = byFramework.get(framework);
        return m == null ? null : m.get(variant);
    }

    /** These outcomes and {@code other}'s (shards of one run); a fixture in both is an error. */
    public Predictions with(Predictions other) {
        Map<String, Map<String, FixturePredictions>> out = new LinkedHashMap<>();
        byFramework.forEach((f, m) -> out.put(f, new LinkedHashMap<>(m)));
        other.byFramework.forEach((f, m) -> m.forEach((v, p) -> {
            if (out.computeIfAbsent(f, k -> new LinkedHashMap<>()).put(v, p) != null) {
                throw new IllegalArgumentException("per-image outcomes of " + f + "/" + v + " given twice");
            }
        }));
        return new Predictions(out);
    }

    /** The same outcomes with the frameworks in {@code order} (those it lacks after, as they were). */
    public Predictions ordered(List<String> order) {
        Map<String, Map<String, FixturePredictions>> out = new LinkedHashMap<>();
        order.stream().filter(byFramework::containsKey).forEach(f -> out.put(f, byFramework.get(f)));
        byFramework.forEach(out::putIfAbsent);
        return new Predictions(out);
    }

    /** Collects outcomes seed by seed, as a run scores them. */
    public static final class Builder {
        private final Map<String, Map<String, String>> alignments = new LinkedHashMap<>();
        private final Map<String, Map<String, List<Long>>> seeds = new LinkedHashMap<>();
        private final Map<String, Map<String, List<Correctness>>> outcomes = new LinkedHashMap<>();

        public Builder add(String framework, String variant, String alignment, long seed, Correctness correct) {
            String before = alignments.computeIfAbsent(framework, k -> new LinkedHashMap<>()).putIfAbsent(variant, alignment);
            if (before != null && !before.equals(alignment)) {
                throw new IllegalArgumentException(framework + "/" + variant + ": seeds scored on different images");
            }
            seeds.computeIfAbsent(framework, k -> new LinkedHashMap<>()).computeIfAbsent(variant, k -> new java.util.ArrayList<>())
                    .add(seed);
            outcomes.computeIfAbsent(framework, k -> new LinkedHashMap<>())
                    .computeIfAbsent(variant, k -> new java.util.ArrayList<>()).add(correct);
            return this;
        }

        public Predictions build() {
            Map<String, Map<String, FixturePredictions>> out = new LinkedHashMap<>();
            alignments.forEach((f, m) -> m.forEach((v, a) -> out.computeIfAbsent(f, k -> new LinkedHashMap<>())
                    .put(v, new FixturePredictions(a, seeds.get(f).get(v), outcomes.get(f).get(v)))));
            return new Predictions(out);
        }
    }
}

package dev.lottery.analysis;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A declared aggregate over some variants. Nothing about it is hard-wired: the study's exact
 * definition is not available (PROTOCOLS.md §1), so weights, variant set and unit are parameters
 * that reports echo through {@link #describe()}.
 *
 * @param variants   the variants combined, at least one, no repeats
 * @param weights    per variant, positive and finite; required for exactly the listed variants when
 *                   {@code kind} is {@link AggregateKind#WEIGHTED_MEAN}, must be empty otherwise
 * @param asFraction whether the scores enter (and the result comes out) as fractions in [0, 1]
 *                   instead of percents in [0, 100]; for the geometric mean this is what decides
 *                   whether a paper's number is e.g. 0.42 or 42.0
 */
public record AggregateDefinition(String name, AggregateKind kind, List<String> variants, Map<String, Double> weights,
                                  boolean asFraction) {

    public AggregateDefinition {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an aggregate needs a name");
        }
        if (kind == null) {
            throw new IllegalArgumentException("aggregate '" + name + "': expected a kind (MEAN, WEIGHTED_MEAN, GEOMETRIC_MEAN), found none");
        }
        variants = List.copyOf(variants);
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("aggregate '" + name + "': expected at least one variant, found none");
        }
        if (new HashSet<>(variants).size() != variants.size()) {
            throw new IllegalArgumentException("aggregate '" + name + "': a variant is listed twice in " + variants);
        }
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights == null ? Map.of() : weights));
        if (kind == AggregateKind.WEIGHTED_MEAN) {
            for (String v : variants) {
                Double w = weights.get(v);
                if (w == null || !(w > 0) || w.isInfinite()) {
                    throw new IllegalArgumentException("aggregate '" + name + "': expected a positive finite weight for variant '"
                            + v + "', found " + w);
                }
            }
            for (String v : weights.keySet()) {
                if (!variants.contains(v)) {
                    throw new IllegalArgumentException("aggregate '" + name + "': weight given for variant '" + v
                            + "' which is not among its variants " + variants);
                }
            }
        } else if (!weights.isEmpty()) {
            throw new IllegalArgumentException("aggregate '" + name + "': weights " + weights + " given for a " + kind
                    + "; only WEIGHTED_MEAN uses weights");
        }
    }

    /** Unweighted mean or geometric mean. */
    public static AggregateDefinition of(String name, AggregateKind kind, List<String> variants, boolean asFraction) {
        return new AggregateDefinition(name, kind, variants, Map.of(), asFraction);
    }

    /** A human sentence spelling out the definition, for reports. */
    public String describe() {
        String unit = asFraction ? "as fractions (0..1)" : "in percent (0..100)";
        String over = String.join(", ", variants);
        return switch (kind) {
            case MEAN -> name + ": arithmetic mean of top-1 accuracy " + unit + " over " + over
                    + "; missing if any of these is missing.";
            case WEIGHTED_MEAN -> name + ": weighted mean of top-1 accuracy " + unit + " over " + over + " with weights "
                    + weights.entrySet().stream().map(e -> e.getKey() + "=" + plain(e.getValue()))
                            .collect(Collectors.joining(", "))
                    + " (sum of weight x score divided by the sum of weights); missing if any of these is missing.";
            case GEOMETRIC_MEAN -> name + ": geometric mean of top-1 accuracy " + unit + " over " + over
                    + "; a zero score makes it 0; missing if any of these is missing.";
        };
    }

    private static String plain(double w) {
        return w == Math.rint(w) && Math.abs(w) < 1e15 ? Long.toString((long) w) : Double.toString(w);
    }
}

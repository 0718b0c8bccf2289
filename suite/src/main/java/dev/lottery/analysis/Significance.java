package dev.lottery.analysis;

import java.util.List;
import java.util.Map;

/**
 * The paired tests of a run: is a margin between two frameworks on the same images larger than the
 * images and the seeds explain? Lists are in table order; maps keyed by variant (or aggregate name)
 * hold one entry per framework in {@link ScoreTable#frameworks()} order.
 *
 * @param reversals   every pair ordered one way on the reference variant and the other way on another
 *                    variant (the lottery pairs are those with {@link PairTest#lottery()})
 * @param rankChanges every non-zero rank change, with its bootstrap interval and p-value
 * @param accuracy    per variant, each framework's bootstrap interval of its mean-over-seeds accuracy (pp)
 * @param ranks       per variant, each framework's bootstrap rank interval (1 = best)
 * @param aggregates  per aggregate, each framework's bootstrap interval (in the aggregate's unit)
 * @param notes       what could not be tested and why
 */
public record Significance(SignificanceSettings settings, boolean available, List<PairTest> reversals,
        List<RankChangeTest> rankChanges, Map<String, List<Bounds>> accuracy, Map<String, List<Bounds>> ranks,
        Map<String, List<Bounds>> aggregates, List<String> notes) {

    public Significance {
        reversals = List.copyOf(reversals);
        rankChanges = List.copyOf(rankChanges);
        accuracy = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(accuracy));
        ranks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ranks));
        aggregates = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(aggregates));
        notes = List.copyOf(notes);
    }

    /** No per-image outcomes: nothing tested. */
    static Significance unavailable(SignificanceSettings settings, String why) {
        return new Significance(settings, false, List.of(), List.of(), Map.of(), Map.of(), Map.of(), List.of(why));
    }

    /** The test of a lottery pair, or null when it could not be paired. */
    public PairTest testOf(LotteryPair p) {
        return reversals.stream().filter(r -> r.better().equals(p.better()) && r.worse().equals(p.worse())
                && r.variant().equals(p.variant())).findFirst().orElse(null);
    }

    /** What the two sides of a reversal say. */
    public enum Verdict {
        /** The reference margin and the reversal are both significant: a real reversal. */
        SIGNIFICANT_BOTH_SIDES,
        /** The reversal is significant, the reference margin is not: the reference cannot tell the two apart. */
        REFERENCE_NOISE,
        /** The reference margin is significant, the reversal is not. */
        REVERSAL_NOISE,
        /** Neither side is significant: noise on both. */
        NOISE_BOTH_SIDES;

        static Verdict of(boolean reference, boolean reversal) {
            return reference ? (reversal ? SIGNIFICANT_BOTH_SIDES : REVERSAL_NOISE)
                    : (reversal ? REFERENCE_NOISE : NOISE_BOTH_SIDES);
        }
    }

    /** One seed's McNemar test; {@code seed} is the leader's seed, paired with the trailer's seed at the same position. */
    public record SeedTest(long seed, McNemar mcnemar) {}

    /**
     * One side of a pair: {@code leader} beats {@code trailer} on {@code variant} by {@code margin} pp
     * (means over seeds); {@code p} = the paired bootstrap over images and seeds.
     */
    public record Side(String variant, String leader, String trailer, double margin, List<SeedTest> perSeed, double p,
            Bounds marginInterval, boolean significant) {
        public Side {
            perSeed = List.copyOf(perSeed);
        }
    }

    /**
     * {@code better} leads on the reference variant, {@code worse} on {@code variant}.
     *
     * @param lottery whether the reference margin is below the declared lottery margin (it is in the lottery list)
     */
    public record PairTest(String better, String worse, String variant, boolean lottery, Side reference, Side reversal,
            Verdict verdict) {}

    /**
     * @param interval the bootstrap interval of the rank change (reference rank - variant rank)
     * @param p        two-sided bootstrap p-value of "the rank does not move"
     * @param swaps    the reversals that make up the change; {@code significantSwaps} of them significant on both sides
     */
    public record RankChangeTest(String framework, String variant, double change, Bounds interval, double p, int swaps,
            int significantSwaps) {}
}

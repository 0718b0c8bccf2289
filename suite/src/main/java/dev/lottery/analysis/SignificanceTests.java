package dev.lottery.analysis;

import dev.lottery.score.Correctness;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes a run's {@link Significance} from its score table and per-image outcomes: one paired
 * bootstrap per variant (shared by every pair, rank and aggregate, so they all describe the same
 * resamples), exact McNemar tests per seed, and the verdict of every reversal.
 */
final class SignificanceTests {

    private SignificanceTests() {}

    static Significance of(ScoreTable table, String reference, Predictions predictions, List<AggregateResult> aggregates,
            List<RankChange> rankChanges, double lotteryMargin, SignificanceSettings s) {
        if (predictions.isEmpty()) {
            return Significance.unavailable(s, "no per-image outcomes stored (a run written before they were kept): "
                    + "no paired tests");
        }
        List<String> notes = new ArrayList<>();
        Bootstrap boot = bootstrap(table, reference, predictions, s, notes);
        Map<String, List<Bounds>> accuracy = accuracyBounds(boot);
        Map<String, List<Bounds>> ranks = rankBounds(boot);
        Map<String, List<Bounds>> aggregateBounds = aggregateBounds(boot, aggregates);
        List<Significance.PairTest> reversals = reversals(boot, lotteryMargin);
        List<Significance.RankChangeTest> changes = rankChangeTests(boot, rankChanges, reversals);
        return new Significance(s, true, reversals, changes, accuracy, ranks, aggregateBounds, notes);
    }

    /**
     * What every test of one run reads: the table, the reference variant, the outcomes, and per variant
     * the frameworks compared image by image ({@code members}) with their resampled accuracies
     * ({@code accuracies}, {@code [framework][resample]}, {@code null} rows for non-members).
     */
    private record Bootstrap(ScoreTable table, String reference, Predictions predictions, SignificanceSettings s,
            Map<String, boolean[]> members, Map<String, double[][]> accuracies) {

        List<String> frameworks() {
            return table.frameworks();
        }

        /** Whether frameworks {@code a} and {@code b} are compared image by image on both the reference and {@code v}. */
        boolean compared(String v, int a, int b) {
            return members.get(reference)[a] && members.get(reference)[b] && members.get(v)[a] && members.get(v)[b];
        }

        /** The frameworks that are members on both the reference and {@code v}. */
        boolean[] membersWithReference(String v) {
            boolean[] both = new boolean[frameworks().size()];
            for (int k = 0; k < both.length; k++) {
                both[k] = members.get(reference)[k] && members.get(v)[k];
            }
            return both;
        }
    }

    /** Each framework's seed draws and seed count, shared by its variants (one head scores every variant). */
    private record SeedDraws(Map<String, int[][]> draws, Map<String, Integer> counts) {}

    /** One variant's resamples: which frameworks take part, and their resampled accuracies. */
    private record VariantResamples(boolean[] members, double[][] accuracies) {}

    /** One paired bootstrap per variant, shared by every pair, rank and aggregate test. */
    private static Bootstrap bootstrap(ScoreTable table, String reference, Predictions predictions, SignificanceSettings s,
            List<String> notes) {
        SeedDraws seeds = seedDraws(table, reference, predictions, s);
        Map<String, boolean[]> members = new LinkedHashMap<>();
        Map<String, double[][]> boot = new LinkedHashMap<>();
        for (String v : table.variants()) {
            VariantResamples r = resampleVariant(table, v, predictions, seeds, s, notes);
            members.put(v, r.members());
            boot.put(v, r.accuracies());
        }
        return new Bootstrap(table, reference, predictions, s, members, boot);
    }

    private static SeedDraws seedDraws(ScoreTable table, String reference, Predictions predictions, SignificanceSettings s) {
        List<String> vs = table.variants();
        Map<String, int[][]> draws = new HashMap<>();
        Map<String, Integer> seedCounts = new HashMap<>();
        for (String f : table.frameworks()) {
            // the seeds are the head's: read them from the reference, else from any variant the framework has
            Predictions.FixturePredictions p = predictions.get(f, reference);
            for (int j = 0; p == null && j < vs.size(); j++) {
                p = predictions.get(f, vs.get(j));
            }
            if (p != null) {
                seedCounts.put(f, p.perSeed().size());
                draws.put(f, PairedBootstrap.seedDraws(f, p.perSeed().size(), s));
            }
        }
        return new SeedDraws(draws, seedCounts);
    }

    /** The frameworks compared image by image on {@code v}, and their resampled accuracies (a note for each left out). */
    private static VariantResamples resampleVariant(ScoreTable table, String v, Predictions predictions, SeedDraws seeds,
            SignificanceSettings s, List<String> notes) {
        List<String> fw = table.frameworks();
        boolean[] in = new boolean[fw.size()];
        String alignment = commonAlignment(table, v, predictions, seeds.counts());
        List<List<Correctness>> heads = new ArrayList<>();
        List<int[][]> picks = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        int images = 0;
        for (int f = 0; f < fw.size(); f++) {
            Predictions.FixturePredictions p = predictions.get(fw.get(f), v);
            if (Double.isNaN(table.get(fw.get(f), v))) {
                continue;
            }
            String excluded = exclusion(p, alignment, seeds.counts().get(fw.get(f)));
            if (excluded != null) {
                notes.add(fw.get(f) + "/" + v + ": " + excluded + "; left out of the paired tests");
                continue;
            }
            in[f] = true;
            images = p.images();
            heads.add(p.perSeed());
            picks.add(seeds.draws().get(fw.get(f)));
            index.add(f);
        }
        double[][] computed = heads.isEmpty() ? new double[0][] : PairedBootstrap.accuracies(v, images, heads, picks, s);
        double[][] acc = new double[fw.size()][];
        for (int k = 0; k < index.size(); k++) {
            acc[index.get(k)] = computed[k];
        }
        return new VariantResamples(in, acc);
    }

    /** Why a scored fixture cannot be compared image by image with the others, or {@code null} when it can. */
    private static String exclusion(Predictions.FixturePredictions p, String alignment, Integer seedCount) {
        if (p == null) {
            return "no per-image outcomes";
        }
        if (!p.alignment().equals(alignment) || p.perSeed().size() != seedCount) {
            return "scored on other images than the other frameworks";
        }
        return null;
    }

    /** Per variant, each framework's accuracy interval ({@link Bounds#NONE} for non-members). */
    private static Map<String, List<Bounds>> accuracyBounds(Bootstrap boot) {
        Map<String, List<Bounds>> accuracy = new LinkedHashMap<>();
        for (String v : boot.table().variants()) {
            List<Bounds> a = new ArrayList<>();
            for (double[] x : boot.accuracies().get(v)) {
                a.add(x == null ? Bounds.NONE : Bounds.percentile(x, boot.s()));
            }
            accuracy.put(v, a);
        }
        return accuracy;
    }

    /** Per variant, each framework's rank interval among that variant's members. */
    private static Map<String, List<Bounds>> rankBounds(Bootstrap boot) {
        Map<String, List<Bounds>> ranks = new LinkedHashMap<>();
        for (String v : boot.table().variants()) {
            boolean[] members = boot.members().get(v);
            double[][] r = resampledRanks(boot.accuracies().get(v), members, boot.s());
            ranks.put(v, perFramework(r, members, boot.s()));
        }
        return ranks;
    }

    /** Per aggregate, each framework's interval: the aggregate recombined on every resample. */
    private static Map<String, List<Bounds>> aggregateBounds(Bootstrap boot, List<AggregateResult> aggregates) {
        Map<String, List<Bounds>> aggregateBounds = new LinkedHashMap<>();
        for (AggregateResult ag : aggregates) {
            AggregateDefinition d = ag.definition();
            List<Bounds> out = new ArrayList<>();
            for (int f = 0; f < boot.frameworks().size(); f++) {
                out.add(aggregateBound(boot, d, f));
            }
            aggregateBounds.put(d.name(), out);
        }
        return aggregateBounds;
    }

    /** {@link Bounds#NONE} unless framework {@code f} is a member on every variant the aggregate combines. */
    private static Bounds aggregateBound(Bootstrap boot, AggregateDefinition d, int f) {
        double unit = d.asFraction() ? 0.01 : 1.0;
        boolean complete = true;
        for (String v : d.variants()) {
            complete &= boot.accuracies().get(v)[f] != null;
        }
        if (!complete) {
            return Bounds.NONE;
        }
        double[] values = new double[boot.s().resamples()];
        double[] parts = new double[d.variants().size()];
        for (int b = 0; b < values.length; b++) {
            for (int k = 0; k < parts.length; k++) {
                parts[k] = boot.accuracies().get(d.variants().get(k))[f][b] * unit;
            }
            values[b] = Aggregates.combine(d, parts);
        }
        return Bounds.percentile(values, boot.s());
    }

    /** Every pair the reference orders one way and a variant the other, tested on both sides. */
    private static List<Significance.PairTest> reversals(Bootstrap boot, double lotteryMargin) {
        List<String> fw = boot.frameworks();
        String reference = boot.reference();
        List<Significance.PairTest> reversals = new ArrayList<>();
        double[] ref = boot.table().column(reference);
        for (String v : boot.table().variants()) {
            if (v.equals(reference)) {
                continue;
            }
            double[] other = boot.table().column(v);
            for (int a = 0; a < fw.size(); a++) {
                for (int b = 0; b < fw.size(); b++) {
                    double refGap = ref[a] - ref[b];
                    double reversal = other[b] - other[a];
                    // pairs left out of the paired tests were noted when resampling
                    if (refGap > 0 && reversal > 0 && boot.compared(v, a, b)) {
                        reversals.add(pairTest(boot, v, a, b, refGap, reversal, lotteryMargin));
                    }
                }
            }
        }
        return reversals;
    }

    /** {@code a} leads {@code b} by {@code refGap} on the reference and trails it by {@code reversal} on {@code v}. */
    private static Significance.PairTest pairTest(Bootstrap boot, String v, int a, int b, double refGap, double reversal,
            double lotteryMargin) {
        List<String> fw = boot.frameworks();
        String reference = boot.reference();
        Significance.Side onRef = side(reference, fw, a, b, refGap, boot.predictions(), boot.accuracies().get(reference),
                boot.s());
        Significance.Side onVar = side(v, fw, b, a, reversal, boot.predictions(), boot.accuracies().get(v), boot.s());
        return new Significance.PairTest(fw.get(a), fw.get(b), v, refGap < lotteryMargin, onRef, onVar,
                Significance.Verdict.of(onRef.significant(), onVar.significant()));
    }

    /** A test of every non-zero rank change whose framework is a member on both the reference and the variant. */
    private static List<Significance.RankChangeTest> rankChangeTests(Bootstrap boot, List<RankChange> rankChanges,
            List<Significance.PairTest> reversals) {
        List<Significance.RankChangeTest> changes = new ArrayList<>();
        for (RankChange c : rankChanges) {
            if (Double.isNaN(c.change()) || c.change() == 0) {
                continue;
            }
            int f = boot.frameworks().indexOf(c.framework());
            boolean[] both = boot.membersWithReference(c.variant());
            if (both[f]) {
                changes.add(rankChangeTest(boot, c, f, both, reversals));
            }
        }
        return changes;
    }

    /** The rank change re-ranked on every resample among {@code both}, and the reversals it takes part in. */
    private static Significance.RankChangeTest rankChangeTest(Bootstrap boot, RankChange c, int f, boolean[] both,
            List<Significance.PairTest> reversals) {
        SignificanceSettings s = boot.s();
        double[][] refRanks = resampledRanks(boot.accuracies().get(boot.reference()), both, s);
        double[][] varRanks = resampledRanks(boot.accuracies().get(c.variant()), both, s);
        double[] change = new double[s.resamples()];
        for (int b = 0; b < change.length; b++) {
            change[b] = refRanks[f][b] - varRanks[f][b];
        }
        int swaps = 0;
        int significant = 0;
        for (Significance.PairTest t : reversals) {
            if (t.variant().equals(c.variant()) && (t.better().equals(c.framework()) || t.worse().equals(c.framework()))) {
                swaps++;
                significant += t.verdict() == Significance.Verdict.SIGNIFICANT_BOTH_SIDES ? 1 : 0;
            }
        }
        return new Significance.RankChangeTest(c.framework(), c.variant(), c.change(), Bounds.percentile(change, s),
                signedP(c.change(), change), swaps, significant);
    }

    /** The alignment most frameworks with a score on {@code v} share (the first such in table order on a tie). */
    private static String commonAlignment(ScoreTable table, String v, Predictions predictions,
            Map<String, Integer> seedCounts) {
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (String f : table.frameworks()) {
            Predictions.FixturePredictions p = predictions.get(f, v);
            if (p != null && seedCounts.containsKey(f)) {
                votes.merge(p.alignment(), 1, Integer::sum);
            }
        }
        String best = null;
        for (Map.Entry<String, Integer> e : votes.entrySet()) {
            if (best == null || e.getValue() > votes.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    private static Significance.Side side(String variant, List<String> fw, int leader, int trailer, double margin,
            Predictions predictions, double[][] boot, SignificanceSettings s) {
        Predictions.FixturePredictions a = predictions.get(fw.get(leader), variant);
        Predictions.FixturePredictions b = predictions.get(fw.get(trailer), variant);
        List<Significance.SeedTest> perSeed = new ArrayList<>();
        for (int j = 0; j < Math.min(a.perSeed().size(), b.perSeed().size()); j++) {
            perSeed.add(new Significance.SeedTest(a.seeds().get(j), McNemar.of(a.perSeed().get(j), b.perSeed().get(j))));
        }
        double[] d = new double[s.resamples()];
        for (int k = 0; k < d.length; k++) {
            d[k] = boot[leader][k] - boot[trailer][k];
        }
        double p = PairedBootstrap.p(margin, boot[leader], boot[trailer]);
        return new Significance.Side(variant, fw.get(leader), fw.get(trailer), margin, perSeed, p,
                Bounds.percentile(d, s), p < s.alpha());
    }

    /** Two-sided bootstrap p of "no change" for an observed non-zero change. */
    private static double signedP(double observed, double[] resampled) {
        int against = 0;
        for (double x : resampled) {
            if (observed > 0 ? x <= 0 : x >= 0) {
                against++;
            }
        }
        return Math.min(1.0, 2.0 * (1 + against) / (resampled.length + 1));
    }

    /** {@code [framework][resample]} ranks among the members (NaN rows for the others). */
    private static double[][] resampledRanks(double[][] acc, boolean[] members, SignificanceSettings s) {
        double[][] out = new double[acc.length][s.resamples()];
        double[] column = new double[acc.length];
        for (int b = 0; b < s.resamples(); b++) {
            for (int f = 0; f < acc.length; f++) {
                column[f] = members[f] && acc[f] != null ? acc[f][b] : Double.NaN;
            }
            double[] r = Ranking.ranks(column);
            for (int f = 0; f < acc.length; f++) {
                out[f][b] = r[f];
            }
        }
        return out;
    }

    private static List<Bounds> perFramework(double[][] ranks, boolean[] members, SignificanceSettings s) {
        List<Bounds> out = new ArrayList<>();
        for (int f = 0; f < ranks.length; f++) {
            out.add(members[f] ? Bounds.percentile(ranks[f], s) : Bounds.NONE);
        }
        return out;
    }
}

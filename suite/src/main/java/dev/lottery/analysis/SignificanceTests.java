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
        List<String> fw = table.frameworks();
        List<String> vs = table.variants();
        List<String> notes = new ArrayList<>();
        // each framework's seed draws, shared by its variants (one head scores every variant)
        Map<String, int[][]> draws = new HashMap<>();
        Map<String, Integer> seedCounts = new HashMap<>();
        for (String f : fw) {
            Predictions.FixturePredictions p = predictions.get(f, reference);
            for (int j = 0; p == null && j < vs.size(); j++) {
                p = predictions.get(f, vs.get(j));
            }
            if (p != null) {
                seedCounts.put(f, p.perSeed().size());
                draws.put(f, PairedBootstrap.seedDraws(f, p.perSeed().size(), s));
            }
        }
        // per variant: the frameworks compared image by image, and their resampled accuracies
        Map<String, boolean[]> members = new LinkedHashMap<>();
        Map<String, double[][]> boot = new LinkedHashMap<>();
        for (String v : vs) {
            boolean[] in = new boolean[fw.size()];
            double[][] acc = new double[fw.size()][];
            String alignment = commonAlignment(table, v, predictions, seedCounts);
            List<List<Correctness>> heads = new ArrayList<>();
            List<int[][]> picks = new ArrayList<>();
            List<Integer> index = new ArrayList<>();
            int images = 0;
            for (int f = 0; f < fw.size(); f++) {
                Predictions.FixturePredictions p = predictions.get(fw.get(f), v);
                if (Double.isNaN(table.get(fw.get(f), v))) {
                    continue;
                }
                if (p == null || !p.alignment().equals(alignment) || p.perSeed().size() != seedCounts.get(fw.get(f))) {
                    notes.add(fw.get(f) + "/" + v + ": " + (p == null ? "no per-image outcomes"
                            : "scored on other images than the other frameworks") + "; left out of the paired tests");
                    continue;
                }
                in[f] = true;
                images = p.images();
                heads.add(p.perSeed());
                picks.add(draws.get(fw.get(f)));
                index.add(f);
            }
            double[][] computed = heads.isEmpty() ? new double[0][]
                    : PairedBootstrap.accuracies(v, images, heads, picks, s);
            for (int k = 0; k < index.size(); k++) {
                acc[index.get(k)] = computed[k];
            }
            members.put(v, in);
            boot.put(v, acc);
        }

        Map<String, List<Bounds>> accuracy = new LinkedHashMap<>();
        Map<String, List<Bounds>> ranks = new LinkedHashMap<>();
        Map<String, double[][]> bootRanks = new LinkedHashMap<>();
        for (String v : vs) {
            double[][] acc = boot.get(v);
            List<Bounds> a = new ArrayList<>();
            for (double[] x : acc) {
                a.add(x == null ? Bounds.NONE : Bounds.percentile(x, s));
            }
            accuracy.put(v, a);
            double[][] r = resampledRanks(acc, members.get(v), s);
            bootRanks.put(v, r);
            ranks.put(v, perFramework(r, members.get(v), s));
        }

        Map<String, List<Bounds>> aggregateBounds = new LinkedHashMap<>();
        for (AggregateResult ag : aggregates) {
            AggregateDefinition d = ag.definition();
            double unit = d.asFraction() ? 0.01 : 1.0;
            List<Bounds> out = new ArrayList<>();
            for (int f = 0; f < fw.size(); f++) {
                double[] values = new double[s.resamples()];
                boolean complete = true;
                for (String v : d.variants()) {
                    complete &= boot.get(v)[f] != null;
                }
                if (!complete) {
                    out.add(Bounds.NONE);
                    continue;
                }
                double[] parts = new double[d.variants().size()];
                for (int b = 0; b < values.length; b++) {
                    for (int k = 0; k < parts.length; k++) {
                        parts[k] = boot.get(d.variants().get(k))[f][b] * unit;
                    }
                    values[b] = Aggregates.combine(d, parts);
                }
                out.add(Bounds.percentile(values, s));
            }
            aggregateBounds.put(d.name(), out);
        }

        List<Significance.PairTest> reversals = new ArrayList<>();
        double[] ref = table.column(reference);
        for (String v : vs) {
            if (v.equals(reference)) {
                continue;
            }
            double[] other = table.column(v);
            for (int a = 0; a < fw.size(); a++) {
                for (int b = 0; b < fw.size(); b++) {
                    double refGap = ref[a] - ref[b];
                    double reversal = other[b] - other[a];
                    if (!(refGap > 0 && reversal > 0)) {
                        continue;
                    }
                    if (!(members.get(reference)[a] && members.get(reference)[b] && members.get(v)[a] && members.get(v)[b])) {
                        continue; // noted above
                    }
                    Significance.Side onRef = side(reference, fw, a, b, refGap, predictions, boot.get(reference), s);
                    Significance.Side onVar = side(v, fw, b, a, reversal, predictions, boot.get(v), s);
                    reversals.add(new Significance.PairTest(fw.get(a), fw.get(b), v, refGap < lotteryMargin, onRef, onVar,
                            Significance.Verdict.of(onRef.significant(), onVar.significant())));
                }
            }
        }

        List<Significance.RankChangeTest> changes = new ArrayList<>();
        for (RankChange c : rankChanges) {
            if (Double.isNaN(c.change()) || c.change() == 0) {
                continue;
            }
            int f = fw.indexOf(c.framework());
            boolean[] both = new boolean[fw.size()];
            for (int k = 0; k < both.length; k++) {
                both[k] = members.get(reference)[k] && members.get(c.variant())[k];
            }
            if (!both[f]) {
                continue;
            }
            double[][] refRanks = resampledRanks(boot.get(reference), both, s);
            double[][] varRanks = resampledRanks(boot.get(c.variant()), both, s);
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
            changes.add(new Significance.RankChangeTest(c.framework(), c.variant(), c.change(), Bounds.percentile(change, s),
                    signedP(c.change(), change), swaps, significant));
        }
        return new Significance(s, true, reversals, changes, accuracy, ranks, aggregateBounds, notes);
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

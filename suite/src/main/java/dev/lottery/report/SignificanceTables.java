package dev.lottery.report;

import dev.lottery.analysis.AggregateResult;
import dev.lottery.analysis.AnalysisResult;
import dev.lottery.analysis.Bounds;
import dev.lottery.analysis.LotteryPair;
import dev.lottery.analysis.Significance;
import dev.lottery.analysis.SignificanceSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The paired-significance section as tables of words, so the Markdown and HTML reports say the same
 * thing: the lottery pairs with their p-values and verdicts, the rank changes, the bootstrap rank
 * intervals per variant and the aggregates with their intervals.
 */
final class SignificanceTables {

    record Table(String id, String caption, List<String> header, List<List<String>> rows) {}

    private SignificanceTables() {}

    static String method(AnalysisResult a) {
        SignificanceSettings s = a.significance().settings();
        return String.format(Locale.ROOT, "Paired tests on the same images: per seed, the exact McNemar test on the "
                + "discordant images (two-sided binomial, p = 2 P(X <= min(b, c)), X ~ Bin(b + c, 1/2)); pooled over seeds, "
                + "a paired bootstrap over images and seeds (%d resamples, seed %d; images drawn once per resample for "
                + "all frameworks, each framework's seeds drawn with replacement), p = 2 (1 + #{resampled margin <= 0}) / "
                + "(B + 1), so never below 2 / (B + 1) = %s. Significant = bootstrap p < %s on that side; intervals are %d%% percentile intervals of the "
                + "same resamples. No correction for the number of pairs.", s.resamples(), s.seed(),
                pValue(2.0 / (s.resamples() + 1)), MarkdownReport.num(s.alpha(), 2), Math.round(s.confidence() * 100));
    }

    /** The sentence saying which lottery reversals are real and which are noise. */
    static String summary(AnalysisResult a) {
        Significance s = a.significance();
        List<String> real = new ArrayList<>();
        List<String> noise = new ArrayList<>();
        for (LotteryPair p : a.lottery()) {
            Significance.PairTest t = s.testOf(p);
            if (t == null) {
                continue;
            }
            String name = p.better() + " > " + p.worse() + " on " + a.referenceVariant() + ", reversed on " + p.variant();
            (t.verdict() == Significance.Verdict.SIGNIFICANT_BOTH_SIDES ? real : noise)
                    .add(t.verdict() == Significance.Verdict.SIGNIFICANT_BOTH_SIDES ? name
                            : name + " (" + verdict(t.verdict(), a.referenceVariant()) + ")");
        }
        long others = s.reversals().stream().filter(t -> !t.lottery()).count();
        long othersReal = s.reversals().stream()
                .filter(t -> !t.lottery() && t.verdict() == Significance.Verdict.SIGNIFICANT_BOTH_SIDES).count();
        return String.format(Locale.ROOT, "%d of %d lottery reversals are significant on both sides%s. Noise: %s. "
                + "Reversals with a %s margin at or above the lottery margin: %d of %d significant on both sides.",
                real.size(), real.size() + noise.size(), real.isEmpty() ? "" : ": " + String.join("; ", real),
                noise.isEmpty() ? "none" : String.join("; ", noise), a.referenceVariant(), othersReal, others);
    }

    static Table lottery(AnalysisResult a) {
        String ref = a.referenceVariant();
        List<List<String>> rows = new ArrayList<>();
        for (LotteryPair p : a.lottery()) {
            Significance.PairTest t = a.significance().testOf(p);
            if (t == null) {
                rows.add(List.of(p.better(), p.worse(), num(p.valMargin()), "–", "–", p.variant(), num(p.variantMargin()),
                        "–", "–", "not paired (no per-image outcomes on the same images)"));
                continue;
            }
            rows.add(List.of(p.better(), p.worse(), num(p.valMargin()), bounds(t.reference().marginInterval(), 2),
                    pValue(t.reference().p()) + " (" + mcnemar(t.reference()) + ")", p.variant(), num(p.variantMargin()),
                    bounds(t.reversal().marginInterval(), 2), pValue(t.reversal().p()) + " (" + mcnemar(t.reversal()) + ")",
                    verdict(t.verdict(), ref)));
        }
        return new Table("lottery-significance", "The lottery pairs, tested", List.of("better on " + ref, "worse on " + ref,
                ref + " margin (pp)", "margin interval", "p on " + ref + " (McNemar p per seed)", "reversed on",
                "reversed by (pp)", "reversal interval", "p of the reversal (McNemar p per seed)", "verdict"), rows);
    }

    static Table rankChanges(AnalysisResult a) {
        List<List<String>> rows = new ArrayList<>();
        for (Significance.RankChangeTest c : a.significance().rankChanges()) {
            rows.add(List.of(c.framework(), c.variant(), String.format(Locale.ROOT, "%+.1f", c.change()),
                    bounds(c.interval(), 1), pValue(c.p()), c.significantSwaps() + " of " + c.swaps(),
                    c.p() < a.significance().settings().alpha() ? "significant" : "noise"));
        }
        return new Table("rank-change-significance", "Rank changes against " + a.referenceVariant(), List.of("framework",
                "variant", "rank change", "interval", "p", "swaps significant on both sides", "verdict"), rows);
    }

    static Table rankIntervals(AnalysisResult a) {
        List<String> vs = a.table().variants();
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < a.table().frameworks().size(); i++) {
            List<String> row = new ArrayList<>();
            row.add(a.table().frameworks().get(i));
            for (String v : vs) {
                double rank = a.ranks().get(v)[i];
                List<Bounds> b = a.significance().ranks().get(v);
                row.add(MarkdownReport.num(rank, 1) + (b == null ? "" : " " + bounds(b.get(i), 1)));
            }
            rows.add(row);
        }
        List<String> header = new ArrayList<>();
        header.add("framework");
        header.addAll(vs);
        return new Table("rank-intervals", "Ranks with bootstrap rank intervals", header, rows);
    }

    static Table aggregates(AnalysisResult a) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < a.table().frameworks().size(); i++) {
            List<String> row = new ArrayList<>();
            row.add(a.table().frameworks().get(i));
            for (AggregateResult x : a.aggregates()) {
                int d = x.definition().asFraction() ? 4 : 2;
                List<Bounds> b = a.significance().aggregates().get(x.definition().name());
                row.add(MarkdownReport.num(x.values()[i], d) + (b == null ? "" : " " + bounds(b.get(i), d)));
            }
            rows.add(row);
        }
        List<String> header = new ArrayList<>();
        header.add("framework");
        a.aggregates().forEach(x -> header.add(x.definition().name()));
        return new Table("aggregate-intervals", "Aggregates with bootstrap intervals", header, rows);
    }

    static String verdict(Significance.Verdict v, String reference) {
        return switch (v) {
            case SIGNIFICANT_BOTH_SIDES -> "real: significant on both sides";
            case REFERENCE_NOISE -> "the " + reference + " margin is noise";
            case REVERSAL_NOISE -> "the reversal is noise";
            case NOISE_BOTH_SIDES -> "noise on both sides";
        };
    }

    private static String mcnemar(Significance.Side s) {
        return s.perSeed().stream().map(t -> pValue(t.mcnemar().p())).collect(Collectors.joining(", "));
    }

    static String pValue(double p) {
        return Double.isNaN(p) ? "–" : p < 0.001 ? String.format(Locale.ROOT, "%.1e", p)
                : String.format(Locale.ROOT, "%.3f", p);
    }

    private static String num(double v) {
        return MarkdownReport.num(v, 2);
    }

    static String bounds(Bounds b, int decimals) {
        return Double.isNaN(b.lower()) ? "–" : "[" + MarkdownReport.num(b.lower(), decimals) + ", "
                + MarkdownReport.num(b.upper(), decimals) + "]";
    }
}

package dev.lottery.report;

import dev.lottery.analysis.AggregateResult;
import dev.lottery.analysis.AnalysisResult;
import dev.lottery.analysis.Bounds;
import dev.lottery.analysis.Significance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code analysis.json}: the cross-variant analysis in machine-readable form (NaN written as null). */
public final class AnalysisJson {

    private AnalysisJson() {}

    public static String render(RunResult run) {
        AnalysisResult a = run.analysis();
        List<String> fw = a.table().frameworks();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("suite", run.suite());
        o.put("runId", run.runId());
        o.put("referenceVariant", a.referenceVariant());
        o.put("frameworks", fw);
        o.put("variants", a.table().variants());
        o.put("scores", perFramework(fw, a.table().variants(), a.table().scores()));
        Map<String, Object> ranks = new LinkedHashMap<>();
        a.ranks().forEach((v, r) -> ranks.put(v, byFramework(fw, r)));
        o.put("ranks", ranks);
        List<Map<String, Object>> aggregates = new ArrayList<>();
        for (AggregateResult x : a.aggregates()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", x.definition().name());
            m.put("kind", x.definition().kind().name());
            m.put("variants", x.definition().variants());
            m.put("weights", x.definition().weights());
            m.put("scale", x.definition().asFraction() ? "fraction" : "percent");
            m.put("definition", x.definition().describe());
            m.put("values", byFramework(fw, x.values()));
            aggregates.add(m);
        }
        o.put("aggregates", aggregates);
        Map<String, Object> tau = new LinkedHashMap<>();
        a.tauVsReference().forEach((k, v) -> tau.put(k, nan(v)));
        o.put("kendallTauBVsReference", tau);
        Map<String, Object> tauAgg = new LinkedHashMap<>();
        a.tauVsAggregate().forEach((k, v) -> tauAgg.put(k, nan(v)));
        o.put("kendallTauBAggregateVsReference", tauAgg);
        List<Map<String, Object>> changes = new ArrayList<>();
        a.rankChanges().forEach(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("framework", c.framework());
            m.put("variant", c.variant());
            m.put("referenceRank", nan(c.referenceRank()));
            m.put("variantRank", nan(c.variantRank()));
            m.put("change", nan(c.change()));
            changes.add(m);
        });
        o.put("rankChanges", changes);
        o.put("lotteryMargin", a.lotteryMargin());
        List<Map<String, Object>> lottery = new ArrayList<>();
        a.lottery().forEach(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("better", p.better());
            m.put("worse", p.worse());
            m.put("valMargin", p.valMargin());
            m.put("variant", p.variant());
            m.put("variantMargin", p.variantMargin());
            Significance.PairTest t = a.significance().testOf(p);
            if (t != null) {
                m.put("valP", t.reference().p());
                m.put("variantP", t.reversal().p());
                m.put("verdict", t.verdict().name());
            }
            lottery.add(m);
        });
        o.put("lottery", lottery);
        o.put("significance", significance(a));
        return ResultsJson.json(o);
    }

    private static Map<String, Object> significance(AnalysisResult a) {
        Significance s = a.significance();
        List<String> fw = a.table().frameworks();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("method", SignificanceTables.method(a));
        o.put("resamples", s.settings().resamples());
        o.put("seed", s.settings().seed());
        o.put("confidence", s.settings().confidence());
        o.put("alpha", s.settings().alpha());
        o.put("available", s.available());
        o.put("notes", s.notes());
        o.put("reversals", s.reversals().stream().map(AnalysisJson::pair).toList());
        o.put("rankChanges", s.rankChanges().stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("framework", c.framework());
            m.put("variant", c.variant());
            m.put("change", c.change());
            m.put("interval", bounds(c.interval()));
            m.put("p", c.p());
            m.put("significant", c.p() < s.settings().alpha());
            m.put("swaps", c.swaps());
            m.put("swapsSignificantBothSides", c.significantSwaps());
            return m;
        }).toList());
        o.put("accuracyIntervals", intervals(fw, s.accuracy()));
        o.put("rankIntervals", intervals(fw, s.ranks()));
        o.put("aggregateIntervals", intervals(fw, s.aggregates()));
        return o;
    }

    private static Map<String, Object> pair(Significance.PairTest t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("better", t.better());
        m.put("worse", t.worse());
        m.put("variant", t.variant());
        m.put("lottery", t.lottery());
        m.put("verdict", t.verdict().name());
        m.put("reference", side(t.reference()));
        m.put("reversal", side(t.reversal()));
        return m;
    }

    private static Map<String, Object> side(Significance.Side s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("variant", s.variant());
        m.put("leader", s.leader());
        m.put("trailer", s.trailer());
        m.put("margin", s.margin());
        m.put("marginInterval", bounds(s.marginInterval()));
        m.put("p", s.p());
        m.put("significant", s.significant());
        m.put("mcnemar", s.perSeed().stream().map(t -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("seed", t.seed());
            x.put("leaderOnly", t.mcnemar().firstOnly());
            x.put("trailerOnly", t.mcnemar().secondOnly());
            x.put("p", t.mcnemar().p());
            return x;
        }).toList());
        return m;
    }

    private static Map<String, Object> intervals(List<String> fw, Map<String, List<Bounds>> byName) {
        Map<String, Object> out = new LinkedHashMap<>();
        byName.forEach((name, list) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < fw.size(); i++) {
                m.put(fw.get(i), bounds(list.get(i)));
            }
            out.put(name, m);
        });
        return out;
    }

    private static List<Double> bounds(Bounds b) {
        return Double.isNaN(b.lower()) ? null : List.of(b.lower(), b.upper());
    }

    private static Map<String, Object> perFramework(List<String> fw, List<String> variants, double[][] scores) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < fw.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int j = 0; j < variants.size(); j++) {
                row.put(variants.get(j), nan(scores[i][j]));
            }
            out.put(fw.get(i), row);
        }
        return out;
    }

    private static Map<String, Object> byFramework(List<String> fw, double[] values) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < fw.size(); i++) {
            out.put(fw.get(i), nan(values[i]));
        }
        return out;
    }

    private static Double nan(Double v) {
        return v == null || v.isNaN() ? null : v;
    }
}

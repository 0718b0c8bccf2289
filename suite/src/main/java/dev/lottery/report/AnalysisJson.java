package dev.lottery.report;

import dev.lottery.analysis.AggregateResult;
import dev.lottery.analysis.AnalysisResult;
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
            lottery.add(m);
        });
        o.put("lottery", lottery);
        return ResultsJson.json(o);
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

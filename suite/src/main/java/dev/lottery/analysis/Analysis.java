package dev.lottery.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The analysis room's entry point: all derived numbers for one score table. */
public final class Analysis {

    private Analysis() {
    }

    /**
     * Ranks, aggregates, Kendall tau-b of every other variant and every aggregate against the
     * reference, rank changes, and the lottery list.
     *
     * @param referenceVariant the variant marginal gains are claimed on (ImageNet val)
     * @param lotteryMargin    percentage points; see {@link LotteryFinder#find}
     */
    public static AnalysisResult analyse(ScoreTable table, String referenceVariant, List<AggregateDefinition> aggregates,
                                         double lotteryMargin) {
        return analyse(table, referenceVariant, aggregates, lotteryMargin, Predictions.none(), SignificanceSettings.DEFAULT);
    }

    /**
     * As {@link #analyse(ScoreTable, String, List, double)}, with the paired tests of the lottery pairs,
     * rank changes, ranks and aggregates on the fixtures' per-image outcomes (see {@link Significance}).
     */
    public static AnalysisResult analyse(ScoreTable table, String referenceVariant, List<AggregateDefinition> aggregates,
                                         double lotteryMargin, Predictions predictions, SignificanceSettings settings) {
        double[] reference = table.column(referenceVariant);
        Map<String, Double> tau = new LinkedHashMap<>();
        for (String v : table.variants()) {
            if (!v.equals(referenceVariant)) {
                tau.put(v, KendallTau.tauB(reference, table.column(v)));
            }
        }
        List<AggregateResult> values = new ArrayList<>();
        Map<String, Double> tauAggregates = new LinkedHashMap<>();
        var names = new HashSet<String>();
        for (AggregateDefinition d : aggregates) {
            if (!names.add(d.name())) {
                throw new IllegalArgumentException("two aggregates are named '" + d.name() + "'");
            }
            double[] a = Aggregates.compute(table, d);
            values.add(new AggregateResult(d, a));
            tauAggregates.put(d.name(), KendallTau.tauB(reference, a));
        }
        List<RankChange> changes = RankChanges.compute(table, referenceVariant);
        return new AnalysisResult(table, referenceVariant, Ranking.perVariant(table), values,
                Collections.unmodifiableMap(tau), Collections.unmodifiableMap(tauAggregates), changes, lotteryMargin,
                LotteryFinder.find(table, referenceVariant, lotteryMargin), predictions,
                SignificanceTests.of(table, referenceVariant, predictions, values, changes, lotteryMargin, settings));
    }
}

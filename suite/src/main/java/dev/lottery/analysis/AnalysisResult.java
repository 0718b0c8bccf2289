package dev.lottery.analysis;

import java.util.List;
import java.util.Map;

/**
 * Everything the analysis derives from one score table. Arrays are in
 * {@link ScoreTable#frameworks()} order.
 *
 * @param ranks          per variant (table order), each framework's rank, 1 = best
 * @param aggregates     per declared aggregate (declaration order), its values
 * @param tauVsReference per variant other than the reference, Kendall tau-b of its scores against
 *                       the reference's (NaN when fewer than two frameworks have both)
 * @param tauVsAggregate per aggregate name, Kendall tau-b of the aggregate against the reference
 * @param rankChanges    see {@link RankChanges#compute}
 * @param lotteryMargin  the declared margin (percentage points) the lottery list used
 * @param lottery        see {@link LotteryFinder#find}
 * @param predictions    the per-image outcomes the paired tests were computed from (empty when none were kept)
 * @param significance   the paired tests: p-values of the lottery pairs and rank changes, bootstrap intervals
 */
public record AnalysisResult(ScoreTable table, String referenceVariant, Map<String, double[]> ranks,
                             List<AggregateResult> aggregates, Map<String, Double> tauVsReference,
                             Map<String, Double> tauVsAggregate, List<RankChange> rankChanges, double lotteryMargin,
                             List<LotteryPair> lottery, Predictions predictions, Significance significance) {

    public AnalysisResult {
        aggregates = List.copyOf(aggregates);
        rankChanges = List.copyOf(rankChanges);
        lottery = List.copyOf(lottery);
    }
}

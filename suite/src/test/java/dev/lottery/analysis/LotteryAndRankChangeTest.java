package dev.lottery.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LotteryAndRankChangeTest {

    private static final double NaN = Double.NaN;
    // val gaps: dino-swav 0.25, swav-moco 0.25, dino-moco 0.5 (all binary-exact)
    static final ScoreTable TABLE = new ScoreTable(List.of("dino", "swav", "moco", "barlow"), List.of("val", "v2", "r"),
            new double[][] {
                {75.25, 62, 30},
                {75.00, 63, 29},
                {74.75, 61, 31},
                {73.00, 64, NaN},
            });

    @Test
    void findsReversalsStrictlyInsideTheMargin() {
        // dino-moco's val gap is exactly 0.5: not "less than" 0.5
        assertThat(LotteryFinder.find(TABLE, "val", 0.5)).containsExactly(
                new LotteryPair("dino", "swav", 0.25, "v2", 1.0),
                new LotteryPair("swav", "moco", 0.25, "r", 2.0));
        assertThat(LotteryFinder.find(TABLE, "val", 0.5 + 1e-9)).containsExactly(
                new LotteryPair("dino", "swav", 0.25, "v2", 1.0),
                new LotteryPair("dino", "moco", 0.5, "r", 1.0),
                new LotteryPair("swav", "moco", 0.25, "r", 2.0));
        assertThat(LotteryFinder.find(TABLE, "val", 0.25)).isEmpty();
    }

    @Test
    void missingScoresNeverPair() {
        List<LotteryPair> wide = LotteryFinder.find(TABLE, "val", 3);
        assertThat(wide).filteredOn(p -> p.worse().equals("barlow")).extracting(LotteryPair::variant)
                .containsExactly("v2", "v2", "v2");
    }

    @Test
    void equalScoresOnTheVariantAreNoReversal() {
        ScoreTable t = new ScoreTable(List.of("a", "b"), List.of("val", "v2"), new double[][] {{70.5, 60}, {70.25, 60}});
        assertThat(LotteryFinder.find(t, "val", 1)).isEmpty();
        assertThatThrownBy(() -> LotteryFinder.find(t, "val", 0)).hasMessageContaining("positive");
    }

    @Test
    void rankChangesLikeTimmRankDiff() {
        List<RankChange> changes = RankChanges.compute(TABLE, "val");
        assertThat(changes).hasSize(8);
        // v2: val ranks 1,2,3,4 -> v2 ranks 3,2,4,1
        assertThat(changes.subList(0, 4)).extracting(RankChange::change).containsExactly(-2.0, 0.0, -1.0, 3.0);
        assertThat(changes.get(3)).isEqualTo(new RankChange("barlow", "v2", 4, 1, 3));
        // r: barlow missing, ranks over the other three: val 1,2,3 -> r 2,3,1
        assertThat(changes.subList(4, 8)).extracting(RankChange::change).containsExactly(-1.0, -1.0, 2.0, NaN);
        assertThat(changes.get(5)).isEqualTo(new RankChange("swav", "r", 2, 3, -1));
    }

    @Test
    void analysisBundlesEverything() {
        AnalysisResult a = Analysis.analyse(TABLE, "val",
                List.of(AggregateDefinition.of("mean-v2-r", AggregateKind.MEAN, List.of("v2", "r"), false)), 0.5);
        assertThat(a.referenceVariant()).isEqualTo("val");
        assertThat(a.ranks().keySet()).containsExactly("val", "v2", "r");
        assertThat(a.tauVsReference().keySet()).containsExactly("v2", "r");
        // v2: C = 2, D = 4 over 6 pairs; r: C = 1, D = 2 over 3 pairs (barlow dropped)
        assertThat(a.tauVsReference().get("v2")).isCloseTo(-1.0 / 3, within(1e-15));
        assertThat(a.tauVsReference().get("r")).isCloseTo(-1.0 / 3, within(1e-15));
        assertThat(a.aggregates()).hasSize(1);
        assertThat(a.aggregates().get(0).values()).containsExactly(46.0, 46.0, 46.0, NaN);
        // all three present aggregates tie: no ordering information
        assertThat(a.tauVsAggregate().get("mean-v2-r")).isNaN();
        assertThat(a.lottery()).hasSize(2);
        assertThat(a.lotteryMargin()).isEqualTo(0.5);
        assertThat(a.rankChanges()).hasSize(8);
        assertThatThrownBy(() -> Analysis.analyse(TABLE, "val", List.of(
                AggregateDefinition.of("x", AggregateKind.MEAN, List.of("v2"), false),
                AggregateDefinition.of("x", AggregateKind.MEAN, List.of("r"), false)), 0.5))
                .hasMessageContaining("two aggregates are named 'x'");
    }
}

package dev.lottery.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingTest {

    @Test
    void highestIsFirstTiesAverageMissingIsNaN() {
        assertThat(Ranking.ranks(new double[] {75, 70, 75, Double.NaN, 60}))
                .containsExactly(1.5, 3.0, 1.5, Double.NaN, 4.0);
        assertThat(Ranking.ranks(new double[] {1, 1, 1})).containsExactly(2.0, 2.0, 2.0);
        assertThat(Ranking.ranks(new double[] {10, 30, 20, 20, 20})).containsExactly(5.0, 1.0, 3.0, 3.0, 3.0);
        assertThat(Ranking.ranks(new double[0])).isEmpty();
        assertThat(Ranking.ranks(new double[] {Double.NaN})).containsExactly(Double.NaN);
    }

    @Test
    void perVariantFollowsTableOrder() {
        ScoreTable t = new ScoreTable(List.of("a", "b"), List.of("val", "v2"), new double[][] {{70, 50}, {60, 55}});
        Map<String, double[]> ranks = Ranking.perVariant(t);
        assertThat(ranks.keySet()).containsExactly("val", "v2");
        assertThat(ranks.get("val")).containsExactly(1.0, 2.0);
        assertThat(ranks.get("v2")).containsExactly(2.0, 1.0);
    }

    @Test
    void tableLooksUpAndValidates() {
        ScoreTable t = new ScoreTable(List.of("a", "b"), List.of("val", "v2"),
                new double[][] {{70, Double.NaN}, {60, 55}});
        assertThat(t.get("b", "v2")).isEqualTo(55.0);
        assertThat(t.get("a", "v2")).isNaN();
        assertThat(t.column("val")).containsExactly(70.0, 60.0);
        t.scores()[0][0] = 1;
        assertThat(t.get("a", "val")).isEqualTo(70.0);
        assertThatThrownBy(() -> t.get("c", "val")).hasMessageContaining("unknown framework 'c'");
        assertThatThrownBy(() -> t.column("sketch")).hasMessageContaining("unknown variant 'sketch'");
        assertThatThrownBy(() -> new ScoreTable(List.of("a"), List.of("val"), new double[][] {{101}}))
                .hasMessageContaining("'a'").hasMessageContaining("'val'").hasMessageContaining("101");
        assertThatThrownBy(() -> new ScoreTable(List.of("a", "a"), List.of("val"), new double[][] {{1}, {2}}))
                .hasMessageContaining("appears twice");
        assertThatThrownBy(() -> new ScoreTable(List.of("a"), List.of("val", "v2"), new double[][] {{1}}))
                .hasMessageContaining("expected 2 scores");
    }
}

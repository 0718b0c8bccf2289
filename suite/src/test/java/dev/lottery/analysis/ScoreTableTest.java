package dev.lottery.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreTableTest {

    record Cell(String framework, String variant, double score) implements FixtureScore {}

    @Test
    void ofPlacesScoresInTheGivenOrderAndAMissingCellIsNaN() {
        ScoreTable t = ScoreTable.of(List.of("b", "a"), List.of("val", "v2"),
                List.of(new Cell("a", "v2", 55), new Cell("a", "val", 70), new Cell("b", "val", 60)));

        assertThat(t.frameworks()).containsExactly("b", "a");
        assertThat(t.get("a", "val")).isEqualTo(70.0);
        assertThat(t.get("a", "v2")).isEqualTo(55.0);
        assertThat(t.get("b", "val")).isEqualTo(60.0);
        assertThat(t.get("b", "v2")).isNaN();
        // NaN is "no score" to the analysis: no rank, the others ranked among themselves
        assertThat(Ranking.perVariant(t).get("v2")).containsExactly(Double.NaN, 1.0);
    }

    @Test
    void ofLeavesOutScoresOutsideTheTableAndRefusesTwoForOneCell() {
        ScoreTable t = ScoreTable.of(List.of("a"), List.of("val"),
                List.of(new Cell("a", "val", 70), new Cell("gone", "val", 10), new Cell("a", "sketch", 20)));
        assertThat(t.scores()).isDeepEqualTo(new double[][] {{70}});

        assertThatThrownBy(() -> ScoreTable.of(List.of("a"), List.of("val"),
                List.of(new Cell("a", "val", 70), new Cell("a", "val", 71))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one score per cell");
    }
}

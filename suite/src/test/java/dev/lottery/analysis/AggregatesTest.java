package dev.lottery.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregatesTest {

    private static final double NaN = Double.NaN;
    private static final ScoreTable TABLE = new ScoreTable(List.of("A", "B", "C"), List.of("val", "real", "v2", "r"),
            new double[][] {
                {80, 90, 70, 40},
                {60, 50, 40, 0},
                {70, NaN, 60, 30},
            });

    @Test
    void meanIsMissingWhenAVariantIsMissing() {
        double[] m = Aggregates.compute(TABLE, AggregateDefinition.of("m", AggregateKind.MEAN, List.of("real", "v2"), false));
        assertThat(m[0]).isEqualTo(80.0);
        assertThat(m[1]).isEqualTo(45.0);
        assertThat(m[2]).isNaN();
    }

    @Test
    void weightedMeanUsesTheDeclaredWeights() {
        Map<String, Double> w = new LinkedHashMap<>();
        w.put("v2", 10_000.0);
        w.put("r", 30_000.0);
        AggregateDefinition d = new AggregateDefinition("w", AggregateKind.WEIGHTED_MEAN, List.of("v2", "r"), w, false);
        // A: (70 + 3 * 40) / 4, B: (40 + 0) / 4, C: (60 + 90) / 4
        assertThat(Aggregates.compute(TABLE, d)).containsExactly(47.5, 10.0, 37.5);
        AggregateDefinition asFraction = new AggregateDefinition("w", AggregateKind.WEIGHTED_MEAN, List.of("v2", "r"), w, true);
        assertThat(Aggregates.compute(TABLE, asFraction)[0]).isCloseTo(0.475, within(1e-15));
    }

    @Test
    void geometricMeanInPercentOrFractionAndZero() {
        double[] pct = Aggregates.compute(TABLE,
                AggregateDefinition.of("g", AggregateKind.GEOMETRIC_MEAN, List.of("v2", "r"), false));
        assertThat(pct[0]).isCloseTo(Math.sqrt(70 * 40), within(1e-12));
        assertThat(pct[1]).isEqualTo(0.0);
        assertThat(pct[2]).isCloseTo(Math.sqrt(60 * 30), within(1e-12));
        double[] frac = Aggregates.compute(TABLE,
                AggregateDefinition.of("g", AggregateKind.GEOMETRIC_MEAN, List.of("v2", "r"), true));
        assertThat(frac[0]).isCloseTo(Math.sqrt(0.7 * 0.4), within(1e-12));
        assertThat(frac[1]).isEqualTo(0.0);
        double[] withVal = Aggregates.compute(TABLE,
                AggregateDefinition.of("g3", AggregateKind.GEOMETRIC_MEAN, List.of("val", "v2", "r"), false));
        assertThat(withVal[0]).isCloseTo(Math.cbrt(80.0 * 70 * 40), within(1e-12));
    }

    @Test
    void unknownVariantAndBadDefinitionsAreErrors() {
        assertThatThrownBy(() -> Aggregates.compute(TABLE,
                AggregateDefinition.of("m", AggregateKind.MEAN, List.of("v2", "sketch"), false)))
                .hasMessageContaining("'m'").hasMessageContaining("'sketch'");
        assertThatThrownBy(() -> new AggregateDefinition("w", AggregateKind.WEIGHTED_MEAN, List.of("v2", "r"),
                Map.of("v2", 1.0), false)).hasMessageContaining("variant 'r'");
        assertThatThrownBy(() -> new AggregateDefinition("w", AggregateKind.WEIGHTED_MEAN, List.of("v2"),
                Map.of("v2", 1.0, "r", 2.0), false)).hasMessageContaining("'r'");
        assertThatThrownBy(() -> new AggregateDefinition("m", AggregateKind.MEAN, List.of("v2"),
                Map.of("v2", 1.0), false)).hasMessageContaining("only WEIGHTED_MEAN");
        assertThatThrownBy(() -> AggregateDefinition.of("m", AggregateKind.MEAN, List.of(), false))
                .hasMessageContaining("at least one variant");
        assertThatThrownBy(() -> AggregateDefinition.of("m", AggregateKind.MEAN, List.of("v2", "v2"), false))
                .hasMessageContaining("twice");
    }

    @Test
    void describeSpellsOutTheDefinition() {
        Map<String, Double> w = new LinkedHashMap<>();
        w.put("real", 46_837.0);
        w.put("v2", 10_000.0);
        String s = new AggregateDefinition("weighted", AggregateKind.WEIGHTED_MEAN, List.of("real", "v2"), w, false).describe();
        assertThat(s).contains("weighted mean").contains("real=46837").contains("v2=10000").contains("percent");
        String g = AggregateDefinition.of("geo", AggregateKind.GEOMETRIC_MEAN, List.of("v2", "r"), true).describe();
        assertThat(g).contains("geometric mean").contains("v2, r").contains("fractions").contains("zero score makes it 0");
    }
}

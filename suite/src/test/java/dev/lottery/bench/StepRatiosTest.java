package dev.lottery.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lottery.bench.StepRatios.Score;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepRatiosTest {

    @Test
    void separateAndInterleavedRatiosPerParameterSet() {
        List<StepRatios.Ratio> ratios = StepRatios.ofScores(List.of(
                new Score("matmul", "batch=1024", 20.0, Map.of()),
                new Score("probeStep", "batch=1024", 45.0, Map.of()),
                new Score("interleaved", "batch=1024", 66.0, Map.of("stepNanos", 4.4e9, "matmulNanos", 2.0e9)),
                new Score("gatherStep", "batch=1024", 50.0, Map.of()),
                new Score("matmul", "batch=256", 5.0, Map.of()),
                new Score("probeStep", "batch=256", 12.5, Map.of())));
        assertThat(ratios).hasSize(2);
        assertThat(ratios.get(0).params()).isEqualTo("batch=1024");
        assertThat(ratios.get(0).separate()).isCloseTo(2.25, within(1e-12));
        assertThat(ratios.get(0).interleaved()).isCloseTo(2.2, within(1e-12));
        assertThat(ratios.get(0).line()).contains("2.25 separately", "2.20 interleaved", "limit 2.00");
        assertThat(ratios.get(1).separate()).isCloseTo(2.5, within(1e-12));
        assertThat(ratios.get(1).interleaved()).isNaN();
    }

    @Test
    void nothingWhenTheProbeBenchmarkDidNotRun() {
        assertThat(StepRatios.ofScores(List.of(new Score("decode", "", 3.0, Map.of())))).isEmpty();
        assertThat(StepRatios.ofScores(List.of(new Score("gatherStep", "", 3.0, Map.of())))).isEmpty();
    }
}

package dev.lottery.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The probe benchmark's methods run (tiny shapes, one call each, on the CPU): not a measurement. */
class ProbeBenchmarkTest {

    @Test
    void everyStepVariantRunsIncludingTheDeviceGather() {
        ProbeBenchmark b = new ProbeBenchmark();
        b.batch = 8;
        b.dim = 4;
        b.classes = 3;
        b.rows = 64;
        b.device = "cpu";
        b.implementation = "fused";
        b.setUp();
        try {
            for (int i = 0; i < 10; i++) { // past the end of the rows: the windows wrap
                assertThat(b.residentStep()).isFinite();
                assertThat(b.gatherStep()).isFinite();
            }
            assertThat(b.maskStep()).isFinite();
            assertThat(b.probeStep()).isFinite();
            assertThat(b.matmul()).isFinite();
            ProbeBenchmark.Split split = new ProbeBenchmark.Split();
            assertThat(b.interleaved(split)).isFinite();
            assertThat(split.stepNanos).isPositive();
            assertThat(split.matmulNanos).isPositive();
        } finally {
            b.tearDown();
        }
    }
}

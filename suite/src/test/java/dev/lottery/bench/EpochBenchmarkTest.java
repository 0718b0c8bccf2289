package dev.lottery.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The epoch benchmark's two epochs run and train the same head (tiny shapes, on the CPU): not a measurement. */
class EpochBenchmarkTest {

    @Test
    void gatherAndMaskEpochsTakeTheSameSteps() {
        float[] first = new float[2];
        for (int k = 0; k < 2; k++) {
            EpochBenchmark b = new EpochBenchmark();
            b.rows = 1000;
            b.dim = 1100;  // 953 rows per block: the rows span two blocks and end in a partial batch
            b.classes = 7;
            b.batch = 64;
            b.device = "cpu";
            b.setUp();
            try {
                b.shuffle();
                if (k == 0) {
                    first[k] = b.gatherEpoch();
                } else {
                    EpochBenchmark.DeviceRows d = new EpochBenchmark.DeviceRows();
                    d.upload(b);
                    first[k] = b.maskEpoch(d);
                }
            } finally {
                b.tearDown();
            }
        }
        assertThat(first[0]).isFinite();
        // same data, permutation and steps; the two cut the same rows, so the heads agree to float noise
        assertThat(first[1]).isCloseTo(first[0], org.assertj.core.data.Offset.offset(1e-5f));
    }
}

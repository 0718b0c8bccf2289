package dev.lottery.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class KendallTauTest {

    @Test
    void scipyExampleWithTiesInBoth() {
        // scipy.stats.kendalltau docs: C = 2, D = 6, 2 pairs tied in x, 1 in y: -4 / sqrt(8 * 9)
        double tau = KendallTau.tauB(new double[] {12, 2, 1, 12, 2}, new double[] {1, 4, 7, 1, 0});
        assertThat(tau).isCloseTo(-0.47140452079103173, within(1e-15));
    }

    @Test
    void handComputedTiesInOneList() {
        // 6 pairs, 2 tied in y, C = 4, D = 0: 4 / sqrt(6 * 4)
        assertThat(KendallTau.tauB(new double[] {1, 2, 3, 4}, new double[] {1, 1, 2, 2}))
                .isCloseTo(4 / Math.sqrt(24), within(1e-15));
    }

    @Test
    void agreementAndReversal() {
        assertThat(KendallTau.tauB(new double[] {1, 2, 3}, new double[] {10, 20, 30})).isEqualTo(1.0);
        assertThat(KendallTau.tauB(new double[] {1, 2, 3}, new double[] {30, 20, 10})).isEqualTo(-1.0);
        // one swap among 4: C = 5, D = 1 -> 4/6
        assertThat(KendallTau.tauB(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4})).isCloseTo(2.0 / 3, within(1e-15));
    }

    @Test
    void nanPairsAreDroppedAndDegenerateInputsGiveNaN() {
        assertThat(KendallTau.tauB(new double[] {1, 2, Double.NaN, 3}, new double[] {1, 2, 0, 3})).isEqualTo(1.0);
        assertThat(KendallTau.tauB(new double[] {1, 2, 3}, new double[] {Double.NaN, 2, 1})).isEqualTo(-1.0);
        assertThat(KendallTau.tauB(new double[] {1, Double.NaN}, new double[] {1, 2})).isNaN();
        assertThat(KendallTau.tauB(new double[0], new double[0])).isNaN();
        assertThat(KendallTau.tauB(new double[] {5, 5, 5}, new double[] {1, 2, 3})).isNaN();
        assertThatThrownBy(() -> KendallTau.tauB(new double[2], new double[3])).hasMessageContaining("2 and 3");
    }
}

package dev.lottery.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinearFitTest {

    @Test
    void recoversAnExactLineAndSkipsMissingPoints() {
        LinearFit fit = LinearFit.of(new double[] {10, 20, Double.NaN, 40}, new double[] {7, 12, 99, 22});
        assertThat(fit.n()).isEqualTo(3);
        assertThat(fit.slope()).isCloseTo(0.5, within(1e-12));
        assertThat(fit.intercept()).isCloseTo(2, within(1e-12));
        assertThat(fit.r2()).isCloseTo(1, within(1e-12));
        assertThat(fit.at(30)).isCloseTo(17, within(1e-12));
    }

    @Test
    void matchesTheClosedFormOnNoisyPoints() {
        // x = 1,2,3,4; y = 1,3,2,5: slope = 1.1, intercept = 0, r2 = 1.21*5/7.25... computed by hand
        LinearFit fit = LinearFit.of(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 5});
        assertThat(fit.slope()).isCloseTo(1.1, within(1e-12));
        assertThat(fit.intercept()).isCloseTo(0.0, within(1e-12));
        assertThat(fit.r2()).isCloseTo(5.5 * 5.5 / (5 * 8.75), within(1e-12));
    }

    @Test
    void noLineWithoutTwoDistinctX() {
        assertThat(LinearFit.of(new double[] {1}, new double[] {2})).isNull();
        assertThat(LinearFit.of(new double[] {3, 3}, new double[] {1, 2})).isNull();
    }
}

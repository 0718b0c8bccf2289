package dev.lottery.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExpectationCheckTest {

    @Test
    void statuses() {
        assertThat(ExpectationCheck.check(75.27, 75.3, 0.03)).isEqualTo(Status.PASS); // decimal boundary
        assertThat(ExpectationCheck.check(75.33, 75.3, 0.03)).isEqualTo(Status.PASS);
        assertThat(ExpectationCheck.check(75.26, 75.3, 0.03)).isEqualTo(Status.FAIL);
        assertThat(ExpectationCheck.check(75.0, 75.0, 0)).isEqualTo(Status.PASS);
        assertThat(ExpectationCheck.check(75.01, 75.0, 0)).isEqualTo(Status.FAIL);
        assertThat(ExpectationCheck.check(Double.NaN, 75.0, 1)).isEqualTo(Status.FAIL);
    }

    @Test
    void neverPassesWithoutAnExpectation() {
        assertThat(ExpectationCheck.check(75.3, null, 100)).isEqualTo(Status.RECORDED);
        assertThat(ExpectationCheck.check(Double.NaN, null, 0)).isEqualTo(Status.RECORDED);
    }

    @Test
    void rejectsBadTolerances() {
        assertThatThrownBy(() -> ExpectationCheck.check(1, 1.0, -0.1)).hasMessageContaining("-0.1");
        assertThatThrownBy(() -> ExpectationCheck.check(1, 1.0, Double.NaN)).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> ExpectationCheck.check(1, Double.NaN, 1)).hasMessageContaining("finite");
    }
}

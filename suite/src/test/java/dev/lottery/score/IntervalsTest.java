package dev.lottery.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IntervalsTest {

    @Test
    void clopperPearsonKnownValue() {
        // k = 5, n = 10, 95%: statsmodels proportion_confint(method="beta") = (0.187086, 0.812914)
        Interval i = Intervals.clopperPearson(5, 10, 0.95);
        assertThat(i.lower()).isCloseTo(0.187086, within(1e-6));
        assertThat(i.upper()).isCloseTo(0.812914, within(1e-6));
    }

    @Test
    void clopperPearsonEdgesAreExact() {
        // k = 0: upper solves (1-p)^n = a/2, so p = 1 - (a/2)^(1/n); k = n mirrors it.
        Interval none = Intervals.clopperPearson(0, 10, 0.95);
        assertThat(none.lower()).isEqualTo(0.0);
        assertThat(none.upper()).isCloseTo(1 - Math.pow(0.025, 0.1), within(1e-10));
        Interval all = Intervals.clopperPearson(10, 10, 0.95);
        assertThat(all.upper()).isEqualTo(1.0);
        assertThat(all.lower()).isCloseTo(Math.pow(0.025, 0.1), within(1e-10));
        // n = 1, k = 1: lower = a/2
        assertThat(Intervals.clopperPearson(1, 1, 0.95).lower()).isCloseTo(0.025, within(1e-12));
    }

    @Test
    void clopperPearsonIsSymmetricAndContainsTheEstimate() {
        Interval a = Intervals.clopperPearson(3, 40, 0.9);
        Interval b = Intervals.clopperPearson(37, 40, 0.9);
        assertThat(a.lower()).isCloseTo(1 - b.upper(), within(1e-10));
        assertThat(a.upper()).isCloseTo(1 - b.lower(), within(1e-10));
        assertThat(a.contains(3 / 40.0)).isTrue();
        // wider than Wilson at the same level
        assertThat(a.width()).isGreaterThan(Intervals.wilson(3, 40, 0.9).width());
    }

    @Test
    void wilsonKnownValueAndEdges() {
        Interval i = Intervals.wilson(5, 10, 0.95);
        assertThat(i.lower()).isCloseTo(0.236593, within(1e-6));
        assertThat(i.upper()).isCloseTo(0.763407, within(1e-6));
        // k = 0: lower exactly 0, upper = z^2 / (n + z^2)
        double z = 1.959963984540054;
        Interval none = Intervals.wilson(0, 10, 0.95);
        assertThat(none.lower()).isEqualTo(0.0);
        assertThat(none.upper()).isCloseTo(z * z / (10 + z * z), within(1e-9));
        Interval all = Intervals.wilson(10, 10, 0.95);
        assertThat(all.upper()).isEqualTo(1.0);
        assertThat(all.lower()).isCloseTo(10 / (10 + z * z), within(1e-9));
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThatThrownBy(() -> Intervals.clopperPearson(0, 0, 0.95)).hasMessageContaining("n = 0");
        assertThatThrownBy(() -> Intervals.wilson(0, 0, 0.95)).hasMessageContaining("n = 0");
        assertThatThrownBy(() -> Intervals.wilson(11, 10, 0.95)).hasMessageContaining("correct = 11");
        assertThatThrownBy(() -> Intervals.clopperPearson(-1, 10, 0.95)).hasMessageContaining("correct = -1");
        assertThatThrownBy(() -> Intervals.clopperPearson(5, 10, 95)).hasMessageContaining("confidence");
    }

    @Test
    void intervalScalesAndValidates() {
        assertThat(new Interval(0.25, 0.5).scaled(100)).isEqualTo(new Interval(25, 50));
        assertThatThrownBy(() -> new Interval(0.6, 0.5)).hasMessageContaining("lower <= upper");
    }
}

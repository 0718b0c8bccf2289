package dev.lottery.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lottery.score.Correctness;
import org.junit.jupiter.api.Test;

class McNemarTest {

    /**
     * Worked by hand: 12 images as a 2x2 table
     * <pre>
     *              B right   B wrong
     *   A right       3         1      (b = 1)
     *   A wrong       7         1      (c = 7)
     * </pre>
     * Under "equally accurate" the 8 discordant images split Bin(8, 1/2):
     * P(X <= 1) = (C(8,0) + C(8,1)) / 2^8 = 9/256, two-sided p = 18/256 = 0.0703125.
     */
    @Test
    void aTableWorkedByHand() {
        boolean t = true;
        boolean f = false;
        // images: 3 both right, 1 only A, 7 only B, 1 both wrong
        Correctness a = Correctness.of(t, t, t, t, f, f, f, f, f, f, f, f);
        Correctness b = Correctness.of(t, t, t, f, t, t, t, t, t, t, t, f);
        McNemar m = McNemar.of(a, b);
        assertThat(m.firstOnly()).isEqualTo(1);
        assertThat(m.secondOnly()).isEqualTo(7);
        assertThat(m.p()).isCloseTo(18.0 / 256, within(1e-12));
        assertThat(McNemar.of(b, a).p()).isCloseTo(18.0 / 256, within(1e-12));
    }

    @Test
    void moreTablesByHand() {
        // b = 0, c = 6: 2 x 1/64
        assertThat(McNemar.exact(0, 6).p()).isCloseTo(2.0 / 64, within(1e-12));
        // b = 2, c = 10: 2 x (1 + 12 + 66) / 4096 = 158/4096
        assertThat(McNemar.exact(2, 10).p()).isCloseTo(158.0 / 4096, within(1e-12));
        // equal discordant counts, and none at all: no evidence either way
        assertThat(McNemar.exact(5, 5).p()).isEqualTo(1.0);
        assertThat(McNemar.exact(0, 0).p()).isEqualTo(1.0);
    }

    @Test
    void countsCrossWordBoundaries() {
        boolean[] x = new boolean[130];
        boolean[] y = new boolean[130];
        x[0] = x[64] = x[129] = true; // A only on three images, one in each word
        y[63] = true;                 // B only on one
        x[100] = y[100] = true;       // both
        McNemar m = McNemar.of(Correctness.of(x), Correctness.of(y));
        assertThat(m.firstOnly()).isEqualTo(3);
        assertThat(m.secondOnly()).isEqualTo(1);
        // 2 x (1 + 4) / 16
        assertThat(m.p()).isCloseTo(10.0 / 16, within(1e-12));
    }

    /** A tail far below double's 1e-16 resolution near 1 keeps its digits: 0 of 100 discordant is 2^-99. */
    @Test
    void tinyTailsAreNotRoundedToZero() {
        assertThat(McNemar.exact(0, 100).p()).isCloseTo(Math.pow(0.5, 99), org.assertj.core.api.Assertions.withinPercentage(1e-6));
        // 10 of 1000: 2 x sum_{i<=10} C(1000, i) / 2^1000, about 5.1e-281 (by the log-sum of the terms)
        double logSum = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= 10; i++) {
            double term = org.apache.commons.math3.util.CombinatoricsUtils.binomialCoefficientLog(1000, i) - 1000 * Math.log(2);
            logSum = Math.max(logSum, term) + Math.log1p(Math.exp(-Math.abs(logSum - term)));
        }
        assertThat(McNemar.exact(10, 990).p()).isCloseTo(2 * Math.exp(logSum), org.assertj.core.api.Assertions.withinPercentage(1e-6));
    }
}

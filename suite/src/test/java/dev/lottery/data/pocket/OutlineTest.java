package dev.lottery.data.pocket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutlineTest {

    @Test
    void filledSquareBecomesItsContour() {
        byte[] digit = new byte[28 * 28];
        for (int y = 8; y < 20; y++) {
            for (int x = 8; x < 20; x++) {
                digit[y * 28 + x] = (byte) 255;
            }
        }
        byte[] outline = Outline.of(digit, 28, 28);
        int at = outline[14 * 28 + 8] & 0xFF; // on the left edge
        assertThat(at).isGreaterThan(150);
        assertThat(outline[14 * 28 + 14] & 0xFF).isZero(); // interior
        assertThat(outline[2 * 28 + 2] & 0xFF).isZero(); // far outside
        assertThat(outline[14 * 28 + 7] & 0xFF).isGreaterThan(100); // just outside: the gradient is two-sided
    }

    @Test
    void faintInkBelowThresholdLeavesNothing() {
        byte[] digit = new byte[28 * 28];
        java.util.Arrays.fill(digit, (byte) 100);
        assertThat(Outline.of(digit, 28, 28)).containsOnly(0);
    }
}

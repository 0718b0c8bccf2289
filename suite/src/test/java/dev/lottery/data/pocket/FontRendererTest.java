package dev.lottery.data.pocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class FontRendererTest {

    @Test
    void rendersACentredDigitAndBoldAddsInk() {
        Assumptions.assumeTrue(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames().length > 0,
                "no fonts installed");
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 1);
        byte[] plain = FontRenderer.render(font, '3', new FontRenderer.Style(48, 0.0, false));
        byte[] bold = FontRenderer.render(font, '3', new FontRenderer.Style(48, 0.0, true));
        byte[] slanted = FontRenderer.render(font, '3', new FontRenderer.Style(48, 0.35, false));
        assertThat(plain).hasSize(28 * 28);
        double[] com = DigitNormalizer.centreOfMass(plain);
        assertThat(com[0]).isCloseTo(14.0, within(0.5));
        assertThat(com[1]).isCloseTo(14.0, within(0.5));
        assertThat(ink(bold)).isGreaterThan(ink(plain));
        assertThat(slanted).isNotEqualTo(plain);
    }

    private static long ink(byte[] field) {
        long s = 0;
        for (byte b : field) {
            s += b & 0xFF;
        }
        return s;
    }
}

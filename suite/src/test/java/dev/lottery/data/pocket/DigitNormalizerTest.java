package dev.lottery.data.pocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DigitNormalizerTest {

    /** Ink bounding box of a 28x28 field: {minX, minY, maxX, maxY}. */
    private static int[] bbox(byte[] field) {
        int[] b = {28, 28, -1, -1};
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                if ((field[y * 28 + x] & 0xFF) > 0) {
                    b[0] = Math.min(b[0], x);
                    b[1] = Math.min(b[1], y);
                    b[2] = Math.max(b[2], x);
                    b[3] = Math.max(b[3], y);
                }
            }
        }
        return b;
    }

    @Test
    void offCentreBlobIsFittedToTwentyPixelsAndCentredByMass() {
        // A 10-wide, 30-high bar in the corner of a 60x40 canvas, heavier at the bottom.
        int w = 60;
        int h = 40;
        float[] img = new float[w * h];
        for (int y = 5; y < 35; y++) {
            for (int x = 40; x < 50; x++) {
                img[y * w + x] = y < 25 ? 100f : 255f;
            }
        }
        byte[] field = DigitNormalizer.normalize(img, w, h);
        int[] b = bbox(field);
        int height = b[3] - b[1] + 1;
        int width = b[2] - b[0] + 1;
        assertThat(height).isEqualTo(20);
        assertThat(width).isBetween(6, 8); // 10 * 20/30 = 6.67, antialiased edges may add a pixel
        double[] com = DigitNormalizer.centreOfMass(field);
        assertThat(com[0]).isCloseTo(14.0, within(0.5));
        assertThat(com[1]).isCloseTo(14.0, within(0.5));
        // The heavy half is at the bottom, so the box sits higher than a geometric centring would put it.
        assertThat(b[1]).isLessThan(4);
    }

    @Test
    void emptyImageHasNoDigit() {
        assertThat(DigitNormalizer.normalize(new float[16], 4, 4)).isNull();
    }

    @Test
    void optdigitsValuesMapToFullRangeAndFillTheBox() {
        int[] values = new int[64];
        for (int y = 1; y < 7; y++) {
            for (int x = 2; x < 5; x++) {
                values[y * 8 + x] = 16;
            }
        }
        byte[] field = DigitNormalizer.fromOptdigits(values);
        int[] b = bbox(field);
        assertThat(b[3] - b[1] + 1).isEqualTo(20);
        assertThat(b[2] - b[0] + 1).isEqualTo(10);
        int max = 0;
        for (byte v : field) {
            max = Math.max(max, v & 0xFF);
        }
        assertThat(max).isEqualTo(255); // 16 -> 255
        double[] com = DigitNormalizer.centreOfMass(field);
        assertThat(com[0]).isCloseTo(14.0, within(0.5));
        assertThat(com[1]).isCloseTo(14.0, within(0.5));
    }

    @Test
    void halfIntensityOptdigitsStaysHalf() {
        int[] values = new int[64];
        for (int i = 0; i < 64; i++) {
            values[i] = 8;
        }
        byte[] field = DigitNormalizer.fromOptdigits(values);
        assertThat(field[14 * 28 + 14] & 0xFF).isBetween(127, 128);
    }
}

package dev.lottery.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PreprocessorTest {

    private static BufferedImage rgb(int w, int h, int[] rgbPerPixel) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, rgbPerPixel, 0, w);
        return img;
    }

    @Test
    void normalisesWithMeanAndStdPerChannel() {
        Preprocessing p = new Preprocessing("t", 0, 0, "bilinear",
                new float[] {0.5f, 0.25f, 0f}, new float[] {0.5f, 0.25f, 2f}, 3);
        float[] out = new Preprocessor(p).apply(rgb(1, 1, new int[] {0xFF8000}));
        assertThat(out[0]).isCloseTo((1f - 0.5f) / 0.5f, within(1e-6f));
        assertThat(out[1]).isCloseTo((128f / 255f - 0.25f) / 0.25f, within(1e-6f));
        assertThat(out[2]).isCloseTo(0f, within(1e-6f));
    }

    @Test
    void grayUsesPilLuma() {
        Preprocessing p = new Preprocessing("g", 0, 0, "bilinear", new float[] {0f}, new float[] {1f}, 1);
        float[] out = new Preprocessor(p).apply(rgb(1, 1, new int[] {0xFF0000}));
        // PIL: L = R * 299/1000 + ... -> 76 for pure red
        assertThat(out).hasSize(1);
        assertThat(out[0] * 255f).isCloseTo(76f, within(1e-3f));
    }

    @Test
    void centreCropUsesPythonRoundingHalfToEven() {
        assertThat(Preprocessor.cropOffset(7, 2)).isEqualTo(2); // 2.5 -> 2
        assertThat(Preprocessor.cropOffset(9, 2)).isEqualTo(4); // 3.5 -> 4
        assertThat(Preprocessor.cropOffset(6, 2)).isEqualTo(2);
        // 7x5 image, crop 2: left = round(2.5) = 2, top = round(1.5) = 2
        int[] px = new int[7 * 5];
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                int v = 10 * y + x;
                px[y * 7 + x] = v << 16 | v << 8 | v;
            }
        }
        Preprocessing p = new Preprocessing("c", 0, 2, "bilinear", new float[] {0f}, new float[] {1f}, 1);
        Preprocessor pre = new Preprocessor(p);
        float[] out = pre.apply(rgb(7, 5, px));
        assertThat(pre.outHeight(5, 7)).isEqualTo(2);
        assertThat(out).hasSize(4);
        assertThat(out[0] * 255f).isCloseTo(22f, within(1e-3f)); // y=2, x=2
        assertThat(out[3] * 255f).isCloseTo(33f, within(1e-3f)); // y=3, x=3
    }

    @Test
    void resizeShorterSideKeepsAspectLikeTorchvision() {
        Preprocessing p = new Preprocessing("r", 4, 0, "bicubic", new float[] {0f}, new float[] {1f}, 1);
        Preprocessor pre = new Preprocessor(p);
        assertThat(pre.outHeight(8, 20)).isEqualTo(4);
        assertThat(pre.outWidth(8, 20)).isEqualTo(10);
        assertThat(pre.outWidth(9, 20)).isEqualTo(8); // int(4 * 20 / 9) = 8
        int[] px = new int[20 * 8];
        java.util.Arrays.fill(px, 0x646464);
        float[] out = pre.apply(rgb(20, 8, px));
        assertThat(out).hasSize(40);
        for (float v : out) {
            assertThat(v * 255f).isCloseTo(100f, within(1e-2f)); // a flat image stays flat
        }
    }

    @Test
    void downscalingAveragesLikeAnAntialiasedFilter() {
        // 4x1 -> 2x1 bilinear with antialias (PIL's rule): the triangle is stretched by the scale 2.
        float[] src = {0f, 100f, 200f, 40f};
        float[] out = Resampler.resize(src, 4, 1, 1, 2, 1, Resampler.Filter.BILINEAR);
        // centre 1.0, support 2: pixels 0..2 with weights tri((i-1+0.5)/2) = 0.75, 0.75, 0.25
        assertThat(out[0]).isCloseTo((0.75f * 0 + 0.75f * 100 + 0.25f * 200) / 1.75f, within(1e-3f));
    }

    @Test
    void cropLargerThanImageIsAnError() {
        Preprocessing p = new Preprocessing("c", 0, 8, "bilinear", new float[] {0f}, new float[] {1f}, 1);
        assertThatThrownBy(() -> new Preprocessor(p).apply(rgb(2, 2, new int[4])))
                .hasMessageContaining("smaller than the crop 8");
    }

    @Test
    void invalidDeclarationsAreRejected() {
        assertThatThrownBy(() -> new Preprocessing("x", 0, 0, "nearest", new float[] {0f}, new float[] {1f}, 1))
                .hasMessageContaining("nearest");
        assertThatThrownBy(() -> new Preprocessing("x", 0, 0, "bilinear", new float[] {0f}, new float[] {1f}, 3))
                .hasMessageContaining("expected 3 mean");
    }
}

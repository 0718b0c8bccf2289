package dev.lottery.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    @Test
    void grayPngIsReplicatedWithoutGammaShift() throws Exception {
        BufferedImage rgb = ImageDecoder.decodeRgb(TestImages.grayPng(5, 4, 7));
        assertThat(rgb.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(rgb.getWidth()).isEqualTo(5);
        assertThat(rgb.getHeight()).isEqualTo(4);
        int expected = (7 + 10 * 3 + 3 * 2) & 0xFF;
        assertThat(rgb.getRGB(3, 2) & 0xFFFFFF).isEqualTo(expected << 16 | expected << 8 | expected);
    }

    @Test
    void eightBitGrayReadDirectlyEqualsTheSampleBySamplePath() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        BufferedImage wide = new BufferedImage(9, 7, BufferedImage.TYPE_BYTE_GRAY);
        byte[] bytes = ((java.awt.image.DataBufferByte) wide.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        // a window of a wider image has another stride and an offset: it takes the sample-by-sample path
        BufferedImage window = wide.getSubimage(1, 2, 6, 4);
        BufferedImage compact = new BufferedImage(6, 4, BufferedImage.TYPE_BYTE_GRAY);
        compact.getRaster().setRect(-1, -2, wide.getRaster());
        BufferedImage direct = ImageDecoder.toRgb(compact);
        BufferedImage sampled = ImageDecoder.toRgb(window);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                int g = bytes[(y + 2) * 9 + x + 1] & 0xFF;
                assertThat(direct.getRGB(x, y) & 0xFFFFFF).isEqualTo(g << 16 | g << 8 | g);
                assertThat(sampled.getRGB(x, y)).isEqualTo(direct.getRGB(x, y));
            }
        }
    }

    @Test
    void palettePngLooksUpColours() throws Exception {
        BufferedImage rgb = ImageDecoder.decodeRgb(TestImages.palettePng());
        assertThat(rgb.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(rgb.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x00FF00);
        assertThat(rgb.getRGB(0, 1) & 0xFFFFFF).isEqualTo(0x0000FF);
        assertThat(rgb.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0x0A141E);
    }

    @Test
    void alphaIsDroppedNotComposited() throws Exception {
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00123456); // fully transparent: colour must survive
        argb.setRGB(1, 0, 0x80ABCDEF);
        BufferedImage rgb = ImageDecoder.decodeRgb(TestImages.encode(argb, "png"));
        assertThat(rgb.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x123456);
        assertThat(rgb.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0xABCDEF);
    }

    @Test
    void jpegWrittenByImageIoDecodesCloseToTheSource() throws Exception {
        BufferedImage src = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                src.setRGB(x, y, 0x804020);
            }
        }
        byte[] jpeg = TestImages.encode(src, "jpeg");
        assertThat(ImageDecoder.sniff(jpeg)).isEqualTo("jpeg");
        BufferedImage rgb = ImageDecoder.decodeRgb(jpeg);
        int p = rgb.getRGB(8, 8);
        assertThat((p >> 16) & 0xFF).isBetween(0x80 - 4, 0x80 + 4);
        assertThat((p >> 8) & 0xFF).isBetween(0x40 - 4, 0x40 + 4);
        assertThat(p & 0xFF).isBetween(0x20 - 4, 0x20 + 4);
    }

    @Test
    void emptyGarbageAndTruncatedBytesAreRejectedWithReasons() {
        assertThatThrownBy(() -> ImageDecoder.decodeRgb(new byte[0]))
                .isInstanceOf(BadImageException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> ImageDecoder.decodeRgb("hello world".getBytes()))
                .isInstanceOf(BadImageException.class).hasMessageContaining("not a PNG or JPEG").hasMessageContaining("68656c6c");
        byte[] png = TestImages.grayPng(32, 32, 1);
        assertThatThrownBy(() -> ImageDecoder.decodeRgb(Arrays.copyOf(png, png.length / 2)))
                .isInstanceOf(BadImageException.class).hasMessageContaining("png");
        BufferedImage big = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 64; i++) {
            big.setRGB(i, i, 0xFFFFFF);
        }
        byte[] jpeg = TestImages.encode(big, "jpeg");
        assertThatThrownBy(() -> ImageDecoder.decodeRgb(Arrays.copyOf(jpeg, jpeg.length / 2)))
                .isInstanceOf(BadImageException.class).hasMessageContaining("jpeg");
    }
}

package dev.lottery.data.pocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lottery.data.ImageDecoder;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class GrayPngTest {

    @Test
    void encodedPixelsDecodeUnchanged() throws Exception {
        byte[] pixels = new byte[7 * 5];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 37 + 11);
        }
        byte[] png = GrayPng.encode(pixels, 7, 5);
        assertThat(GrayPng.encode(pixels, 7, 5)).isEqualTo(png);
        BufferedImage img = ImageDecoder.decodeRgb(png);
        assertThat(img.getWidth()).isEqualTo(7);
        assertThat(img.getHeight()).isEqualTo(5);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                int v = pixels[y * 7 + x] & 0xFF;
                assertThat(img.getRGB(x, y) & 0xFFFFFF).isEqualTo(v << 16 | v << 8 | v);
            }
        }
    }
}

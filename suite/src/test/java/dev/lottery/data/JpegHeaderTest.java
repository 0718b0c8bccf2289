package dev.lottery.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class JpegHeaderTest {

    @Test
    void adobeCmykGrayAndRgbHeadersAreRecognised() throws Exception {
        JpegHeader cmyk = JpegHeader.parse(PreprocessingGoldenTest.resource("src/h_cmyk_icc.jpg"));
        assertThat(cmyk).isEqualTo(new JpegHeader(4, true, 0));
        assertThat(cmyk.isCmyk()).isTrue();
        assertThat(JpegHeader.parse(PreprocessingGoldenTest.resource("src/c_gray.jpg")).components()).isEqualTo(1);
        JpegHeader rgb = JpegHeader.parse(TestImages.encode(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "jpeg"));
        assertThat(rgb.components()).isEqualTo(3);
        assertThat(rgb.isCmyk()).isFalse();
        assertThat(new JpegHeader(4, true, 2).isCmyk()).as("YCCK goes through the reader's own conversion").isFalse();
        assertThat(JpegHeader.parse(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}).components()).isZero();
    }
}

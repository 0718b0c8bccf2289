package dev.lottery.data;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small images built by the tests themselves. */
public final class TestImages {
    private TestImages() {}

    public static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A gray w x h PNG whose pixel (x, y) is (seed + 10x + 3y) mod 256. */
    static byte[] grayPng(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, (seed + 10 * x + 3 * y) & 0xFF);
            }
        }
        return encode(img, "png");
    }

    static byte[] palettePng() {
        byte[] r = {(byte) 255, 0, 0, 10};
        byte[] g = {0, (byte) 255, 0, 20};
        byte[] b = {0, 0, (byte) 255, 30};
        IndexColorModel cm = new IndexColorModel(2, 4, r, g, b);
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_BINARY, cm);
        img.getRaster().setSample(0, 0, 0, 0);
        img.getRaster().setSample(1, 0, 0, 1);
        img.getRaster().setSample(0, 1, 0, 2);
        img.getRaster().setSample(1, 1, 0, 3);
        return encode(img, "png");
    }
}

package dev.lottery.data.layout;

import dev.lottery.data.TestImages;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Tiny image files of every kind the readers meet, built by the tests (never ImageNet images). */
final class TinyFiles {
    /** The repository's ImageNet declaration folder (tests run in suite/). */
    static final Path META = Path.of("..", "datasets", "imagenet").toAbsolutePath().normalize();

    private TinyFiles() {}

    static BufferedImage picture(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((seed * 40 + x * 7) & 0xFF) << 16 | ((y * 9 + seed) & 0xFF) << 8 | ((x + y) * 3 & 0xFF));
            }
        }
        return img;
    }

    static byte[] encode(BufferedImage img, String format) {
        return TestImages.encode(img, format);
    }

    static byte[] jpeg(int seed) {
        return encode(picture(20, 16, seed), "jpeg");
    }

    static byte[] png(int seed) {
        return encode(picture(16, 20, seed), "png");
    }

    static byte[] progressiveJpeg(int seed) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.write(null, new IIOImage(picture(24, 24, seed), null, null), param);
            }
            writer.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] grayJpeg(int seed) {
        BufferedImage g = new BufferedImage(12, 12, BufferedImage.TYPE_BYTE_GRAY);
        g.getGraphics().drawImage(picture(12, 12, seed), 0, 0, null);
        return encode(g, "jpeg");
    }

    static byte[] palettePng() {
        byte[] r = {(byte) 255, 0, 0, 10};
        byte[] gr = {0, (byte) 255, 0, 20};
        byte[] b = {0, 0, (byte) 255, 30};
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(2, 4, r, gr, b));
        img.getRaster().setSample(1, 1, 0, 3);
        return encode(img, "png");
    }

    static byte[] alphaPng() {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x00123456);
        return encode(img, "png");
    }

    /** A 32x24 CMYK JPEG written by PIL (see tools/imagenet-golden/README.md). */
    static byte[] cmykJpeg() {
        try (InputStream in = TinyFiles.class.getResourceAsStream("/dev/lottery/data/cmyk.jpg")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] truncatedJpeg() {
        byte[] full = encode(picture(64, 64, 3), "jpeg");
        return Arrays.copyOf(full, full.length / 2);
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ImagenetClasses imagenet() {
        try {
            return ImagenetClasses.read(META);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.lottery.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * ImageNet-sized JPEGs for benchmarks (ImageNet's typical 500x375 / 375x500 at quality 90, with
 * texture so the files weigh about what ImageNet's do, ~100 kB). Generated, never ImageNet images.
 */
final class SyntheticJpegs {
    private SyntheticJpegs() {}

    static byte[] jpeg(int w, int h, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        double fx = 0.02 + r.nextDouble() * 0.05;
        double fy = 0.02 + r.nextDouble() * 0.05;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int red = clamp(128 + 90 * Math.sin(x * fx) * Math.cos(y * fy) + r.nextInt(-24, 25));
                int green = clamp(255.0 * x / w + r.nextInt(-24, 25));
                int blue = clamp(((x / 13 + y / 17) % 2 == 0 ? 60 : 190) + r.nextInt(-24, 25));
                img.setRGB(x, y, red << 16 | green << 8 | blue);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, v));
    }
}

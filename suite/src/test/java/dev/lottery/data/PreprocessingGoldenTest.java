package dev.lottery.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Decoding and preprocessing against goldens made by PIL + torchvision from the same bytes
 * ({@code tools/imagenet-golden/make_goldens.py}): held to at most 1/255 per pixel before normalisation.
 */
class PreprocessingGoldenTest {
    private static final String DIR = "/dev/lottery/data/golden/";
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    record Case(String name, String interpolation) {}

    static byte[] resource(String path) throws IOException {
        try (InputStream in = PreprocessingGoldenTest.class.getResourceAsStream(DIR + path)) {
            assertThat(in).as(DIR + path).isNotNull();
            return in.readAllBytes();
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        for (String line : new String(resource("manifest.csv"), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("#") || line.startsWith("name,") || line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",");
            out.add(new Case(cells[0], cells[4]));
        }
        return out;
    }

    /** Max and mean absolute difference, in 8-bit units. */
    record Diff(int max, double mean) {}

    static Diff diff(BufferedImage golden, float[] hwc, int w, int scale255) {
        int max = 0;
        double sum = 0;
        for (int y = 0; y < golden.getHeight(); y++) {
            for (int x = 0; x < golden.getWidth(); x++) {
                int p = golden.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    int g = (p >> (16 - 8 * c)) & 0xFF;
                    float v = hwc[(y * w + x) * 3 + c] * scale255;
                    int d = Math.round(Math.abs(v - g));
                    max = Math.max(max, d);
                    sum += Math.abs(v - g);
                }
            }
        }
        return new Diff(max, sum / (golden.getWidth() * golden.getHeight() * 3.0));
    }

    static float[] rgbFloats(BufferedImage img) {
        int w = img.getWidth();
        float[] out = new float[w * img.getHeight() * 3];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                out[(y * w + x) * 3] = (p >> 16) & 0xFF;
                out[(y * w + x) * 3 + 1] = (p >> 8) & 0xFF;
                out[(y * w + x) * 3 + 2] = p & 0xFF;
            }
        }
        return out;
    }

    @Test
    void decodingMatchesPilConvertRgb() throws Exception {
        StringBuilder report = new StringBuilder();
        int worst = 0;
        Set<String> names = new LinkedHashSet<>();
        for (Case c : cases()) {
            names.add(c.name());
        }
        for (String name : names) {
            BufferedImage mine = ImageDecoder.decodeRgb(resource("src/" + name));
            BufferedImage golden = ImageIO.read(new java.io.ByteArrayInputStream(resource("rgb/" + name + ".png")));
            Diff d = diff(golden, rgbFloats(mine), mine.getWidth(), 1);
            report.append(String.format("%n  decode %-18s max %d mean %.4f", name, d.max(), d.mean()));
            worst = Math.max(worst, d.max());
        }
        System.out.println("PIL decode fidelity (8-bit units):" + report);
        assertThat(worst).as(report.toString()).isLessThanOrEqualTo(1);
    }

    @Test
    void resizeAndCentreCropMatchTorchvisionWithinOneLevel() throws Exception {
        StringBuilder report = new StringBuilder();
        int worst = 0;
        for (Case c : cases()) {
            Preprocessing p = new Preprocessing("golden", 256, 224, c.interpolation(), new float[] {0, 0, 0},
                    new float[] {1, 1, 1}, 3);
            float[] mine = new Preprocessor(p).apply(ImageDecoder.decodeRgb(resource("src/" + c.name())));
            BufferedImage golden = ImageIO.read(new java.io.ByteArrayInputStream(
                    resource("out/" + c.name() + "." + c.interpolation() + ".png")));
            assertThat(golden.getWidth()).isEqualTo(224);
            Diff d = diff(golden, mine, 224, 255);
            report.append(String.format("%n  %-18s %-8s max %d/255 mean %.4f/255", c.name(), c.interpolation(),
                    d.max(), d.mean()));
            worst = Math.max(worst, d.max());
        }
        System.out.println("torchvision Resize(256)+CenterCrop(224) fidelity:" + report);
        assertThat(worst).as(report.toString()).isLessThanOrEqualTo(1);
    }

    @Test
    void normalisationMatchesTorchvisionNormalize() throws Exception {
        Preprocessing p = new Preprocessing("imagenet", 256, 224, "bilinear", MEAN, STD, 3);
        float[] mine = new Preprocessor(p).apply(ImageDecoder.decodeRgb(resource("src/a_baseline.jpg")));
        int checked = 0;
        for (String line : new String(resource("normalized.txt"), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split(" ");
            int c = Integer.parseInt(f[0]);
            int y = Integer.parseInt(f[1]);
            int x = Integer.parseInt(f[2]);
            float expected = Float.parseFloat(f[3]);
            // same 8-bit input (checked above), same float32 arithmetic: equal up to float rounding
            assertThat(mine[(y * 224 + x) * 3 + c]).as(line).isCloseTo(expected, org.assertj.core.data.Offset.offset(2e-6f));
            checked++;
        }
        assertThat(checked).isEqualTo(108);
    }
}

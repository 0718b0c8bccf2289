package dev.lottery.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The augmented protocol's crop against torchvision: for each box of golden/crop.csv (made by
 * tools/imagenet-golden/make_crop_goldens.py), {@code resized_crop} + {@code hflip} on a PIL image
 * equals {@link RandomResizedCrop#apply8} byte for byte; and the box sampling keeps torchvision's
 * invariants.
 */
class ResizedCropGoldenTest {

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ResizedCropGoldenTest.class.getResourceAsStream("golden/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource golden/" + name);
            }
            return in.readAllBytes();
        }
    }

    @TestFactory
    Stream<DynamicTest> javaCropEqualsTorchvisionsResizedCropAndFlip() throws IOException {
        List<String> rows = new String(resource("crop.csv"), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith("#") && !l.startsWith("name,")).toList();
        assertThat(rows).hasSize(8);
        return rows.stream().map(row -> DynamicTest.dynamicTest(row, () -> {
            String[] c = row.split(",");
            int size = Integer.parseInt(c[6]);
            RandomResizedCrop t = new RandomResizedCrop(size, 0.08, 1, 0.75, 4.0 / 3, c[7], 0.5);
            CropBox box = new CropBox(Integer.parseInt(c[2]), Integer.parseInt(c[3]), Integer.parseInt(c[4]),
                    Integer.parseInt(c[5]), Boolean.parseBoolean(c[8]));
            BufferedImage src = ImageDecoder.decodeRgb(resource("src/" + c[1]));
            int[] mine = t.apply8(Preprocessor.toBytes(src, 3), src.getWidth(), src.getHeight(), 3, box);
            BufferedImage golden = ImageIO.read(new ByteArrayInputStream(resource("crop/" + c[0])));
            assertThat(golden.getWidth()).isEqualTo(size);
            int[] expected = Preprocessor.toBytes(golden, 3);
            int max = 0;
            for (int i = 0; i < expected.length; i++) {
                max = Math.max(max, Math.abs(expected[i] - mine[i]));
            }
            assertThat(max).as("largest difference, 8-bit units").isZero();
        }));
    }

    /**
     * {@code apply} converts only the box to 8 bits; it must give exactly the floats of the golden-tested
     * {@code apply8} on the whole image's bytes, normalised, for any box, flip, interpolation and channel
     * count, on the decoder's packed images and on others (read through the colour model).
     */
    @Test
    void applyEqualsApply8OfTheWholeImageNormalised() throws IOException, BadImageException {
        BufferedImage decoded = ImageDecoder.decodeRgb(resource("src/a_baseline.jpg"));
        BufferedImage bgr = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        bgr.getGraphics().drawImage(decoded, 0, 0, null);
        SplittableRandom rnd = new SplittableRandom(13);
        for (BufferedImage img : List.of(decoded, bgr)) {
            for (String interpolation : List.of("bilinear", "bicubic")) {
                for (int c : new int[] {3, 1}) {
                    float[] mean = c == 3 ? new float[] {0.485f, 0.456f, 0.406f} : new float[] {0.5f};
                    float[] std = c == 3 ? new float[] {0.229f, 0.224f, 0.225f} : new float[] {0.25f};
                    Preprocessing p = new Preprocessing("t", 256, 224, interpolation, mean, std, c);
                    RandomResizedCrop t = new RandomResizedCrop(56, 0.08, 1, 0.75, 4.0 / 3, interpolation, 0.5);
                    for (int k = 0; k < 12; k++) {
                        CropBox box = t.sample(img.getWidth(), img.getHeight(), rnd);
                        int[] ref = t.apply8(Preprocessor.toBytes(img, c), img.getWidth(), img.getHeight(), c, box);
                        float[] expected = new float[ref.length];
                        for (int i = 0; i < ref.length; i++) {
                            expected[i] = (ref[i] / 255f - mean[i % c]) / std[i % c];
                        }
                        assertThat(t.apply(img, box, p)).as("%s %s c=%d %s", img.getType(), interpolation, c, box)
                                .containsExactly(expected);
                    }
                }
            }
        }
    }

    @Test
    void sampledBoxesKeepTorchvisionsInvariants() {
        RandomResizedCrop t = RandomResizedCrop.standard(224);
        SplittableRandom rnd = new SplittableRandom(7);
        int flips = 0;
        for (int i = 0; i < 2000; i++) {
            CropBox b = t.sample(500, 375, rnd);
            assertThat(b.top() + b.height()).isLessThanOrEqualTo(375);
            assertThat(b.left() + b.width()).isLessThanOrEqualTo(500);
            double area = (double) b.width() * b.height() / (500.0 * 375);
            double aspect = (double) b.width() / b.height();
            // rounding the sides to whole pixels moves area and aspect by a little
            assertThat(area).isBetween(0.08 * 0.97, 1.0);
            assertThat(aspect).isBetween(0.75 * 0.97, 4.0 / 3 * 1.03);
            flips += b.flip() ? 1 : 0;
        }
        assertThat(flips).isBetween(900, 1100);
        // the same seed draws the same boxes: the protocol is reproducible
        assertThat(t.sample(500, 375, new SplittableRandom(3))).isEqualTo(t.sample(500, 375, new SplittableRandom(3)));
    }

    @Test
    void aNeedleImageFallsBackToTheCentreCropOfTheClampedAspect() {
        // 1000 x 10: no try fits (every aspect in [3/4, 4/3] is far too tall), so torchvision's fallback:
        // width clamped to height x 4/3 = 13, centred
        RandomResizedCrop t = new RandomResizedCrop(32, 0.9, 1.0, 0.75, 4.0 / 3, "bilinear", 0.0);
        CropBox b = t.sample(1000, 10, new SplittableRandom(1));
        assertThat(b).isEqualTo(new CropBox(0, 493, 10, 13, false));
        assertThatThrownBy(() -> t.apply8(new int[10 * 10 * 3], 10, 10, 3, new CropBox(5, 5, 10, 10, false)))
                .hasMessageContaining("does not fit");
    }
}

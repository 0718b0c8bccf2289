package dev.lottery.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.lottery.data.Preprocessing;
import dev.lottery.data.Preprocessor;
import dev.lottery.features.FeatureMatrix;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code lottery extract} does: a folder of images to an .npy of features and a .txt of paths. */
class FolderFeaturesTest {

    @TempDir
    Path dir;

    static final Preprocessing PREP = new Preprocessing("test", 40, 32, "bilinear", new float[] {0.4f, 0.5f, 0.6f},
            new float[] {0.2f, 0.25f, 0.3f}, 3);

    @Test
    void rowsFollowTheSortedRelativePathsAndMatchTheBackboneOnEachImage() throws IOException {
        Path images = dir.resolve("images");
        List<String> names = List.of("b/2.png", "a/1.png", "a/10.png", "c.jpg", "b/0.png");
        SplittableRandom rnd = new SplittableRandom(5);
        for (String n : names) {
            BufferedImage img = new BufferedImage(40 + rnd.nextInt(20), 40 + rnd.nextInt(20), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    img.setRGB(x, y, rnd.nextInt(1 << 24));
                }
            }
            Files.createDirectories(images.resolve(n).getParent());
            ImageIO.write(img, n.endsWith(".jpg") ? "jpeg" : "png", images.resolve(n).toFile());
        }
        Files.writeString(images.resolve("notes.txt"), "not an image");
        Path ckpt = CheckpointParityTest.DIR.resolve("torchvision.pth");
        try (Backbone b = Backbones.open(ckpt, "torchvision", dir.resolve("models"), Device.cpu())) {
            FolderFeatures.Result r = FolderFeatures.extract(b, images, PREP, 2, false);
            assertThat(r.paths()).containsExactly("a/1.png", "a/10.png", "b/0.png", "b/2.png", "c.jpg");
            Path txt = FolderFeatures.write(r, dir.resolve("out/features.npy"));
            assertThat(txt).hasFileName("features.txt");
            assertThat(Files.readAllLines(txt)).isEqualTo(r.paths());
            Npy.Array saved = Npy.read(dir.resolve("out/features.npy"));
            assertThat(saved.shape()).containsExactly(5, 64);
            assertThat(saved.values()).containsExactly(r.features().values());
            // row 3 is b/2.png, computed alone
            float[] one = new Preprocessor(PREP).apply(ImageIO.read(images.resolve("b/2.png").toFile()));
            FeatureMatrix alone = b.extract(one, 1, 32, 32, 3);
            for (int c = 0; c < 64; c++) {
                assertThat(saved.values()[3 * 64 + c]).isCloseTo(alone.values()[c],
                        org.assertj.core.data.Offset.offset(1e-5f));
            }
            FolderFeatures.Result logits = FolderFeatures.extract(b, images, PREP, 8, true);
            assertThat(logits.features().cols()).isEqualTo(10);
        }
        assertThatThrownBy(() -> FolderFeatures.write(new FolderFeatures.Result(new FeatureMatrix(0, 0, new float[0]),
                List.of()), dir.resolve("x.bin"))).hasMessageContaining("must end in .npy");
    }

    @Test
    void npyRoundTripsAndRejectsOtherDtypes() throws IOException {
        Path f = dir.resolve("a.npy");
        Npy.write(f, new long[] {4}, new float[] {1, 2, 3, 4});
        assertThat(Npy.read(f).shape()).containsExactly(4);
        assertThat(Files.size(f) % 64).isEqualTo(16 % 64); // 64-byte aligned header + 16 bytes of data
        Path i8 = CheckpointParityTest.DIR.resolve("numpy-counter.npy");
        assertThat(Npy.read(i8).values()).containsExactly(0, 1, 2);
        Files.writeString(dir.resolve("bad.npy"), "nope");
        assertThatThrownBy(() -> Npy.read(dir.resolve("bad.npy"))).hasMessageContaining("not a .npy");
    }
}

package dev.lottery.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.lottery.backbone.checkpoint.Checkpoints;
import dev.lottery.features.FeatureMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof against PyTorch: checkpoints written by torch.save (tools/checkpoints/make_fixtures.py)
 * in every release's key layout, zip and legacy, float32 and float16, read and mapped in Java,
 * must give the features (and, for the canary, logits) PyTorch computed, within 1e-4 relative error.
 */
class CheckpointParityTest {

    static final Path DIR = Path.of("src/test/resources/checkpoints");
    static final double TOLERANCE = 1e-4;

    @TempDir
    static Path cache;

    static Npy.Array input;
    static Npy.Array features;
    static Npy.Array logits;

    @BeforeAll
    static void readReference() {
        input = Npy.read(DIR.resolve("input.npy"));
        features = Npy.read(DIR.resolve("features.npy"));
        logits = Npy.read(DIR.resolve("logits.npy"));
    }

    /** One (file, key map) pair per manifest row and key map. */
    record Case(String file, String format, String keymap, String dtype) {}

    static List<Case> manifest() throws IOException {
        List<Case> out = new ArrayList<>();
        for (String line : Files.readAllLines(DIR.resolve("manifest.csv"))) {
            if (line.startsWith("#") || line.startsWith("file,")) {
                continue;
            }
            String[] c = line.split(",", -1);
            for (String map : c[2].split(" ")) {
                if (!map.isEmpty()) {
                    out.add(new Case(c[0], c[1], map, c[3]));
                }
            }
        }
        return out;
    }

    @Test
    void everyDeclaredKeyMapHasAFixture() throws IOException {
        assertThat(manifest().stream().map(Case::keymap).distinct())
                .containsExactlyInAnyOrderElementsOf(dev.lottery.backbone.checkpoint.KeyMaps.names());
        assertThat(manifest().stream().map(Case::format).distinct()).contains("zip", "legacy", "zip-wrapped");
    }

    @TestFactory
    Stream<DynamicTest> featuresMatchPyTorchForEveryLayout() throws IOException {
        Map<String, WeightTensor> canary = Checkpoints.load(DIR.resolve("torchvision.pth"), "torchvision").weights();
        return manifest().stream().map(c -> DynamicTest.dynamicTest(
                c.file() + " --keymap " + c.keymap() + " (" + c.format() + ", " + c.dtype() + ")", () -> {
                    Map<String, WeightTensor> w = Checkpoints.load(DIR.resolve(c.file()), c.keymap()).weights();
                    // the same backbone in every layout: every mapped tensor equals the canary's
                    canary.forEach((k, v) -> {
                        if (!k.startsWith("fc.")) {
                            assertThat(w.get(k)).as(k).isEqualTo(v);
                        }
                    });
                    assertThat(w.containsKey("fc.weight")).isEqualTo(c.keymap().equals("torchvision"));
                    // every fixture is torchvision's network, so it pads the PyTorch way even in byol-convert's
                    // layout (whose own default is TF-'SAME', see ByolReleaseTest), as the pocket zoo row declares
                    try (Backbone b = Backbones.checkpoint(DIR.resolve(c.file()), c.keymap(), Padding.TORCH, cache,
                            Device.cpu())) {
                        FeatureMatrix f = extract(b);
                        assertClose(f.values(), features.values(), c.file());
                        if (c.keymap().equals("torchvision")) {
                            long[] s = input.shape();
                            FeatureMatrix l = b.logits(input.values(), (int) s[0], (int) s[1], (int) s[2], (int) s[3]);
                            assertClose(l.values(), logits.values(), c.file() + " logits");
                        }
                    }
                }));
    }

    static FeatureMatrix extract(Backbone b) {
        long[] s = input.shape();
        return b.extract(input.values(), (int) s[0], (int) s[1], (int) s[2], (int) s[3]);
    }

    /** max |a - b| / max |b| (relative to the reference's scale, so near-zero entries do not blow up). */
    static void assertClose(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        double maxDiff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        assertThat(scale).as(what + " reference scale").isGreaterThan(0);
        assertThat(maxDiff / scale).as(what + ": max |java - pytorch| / max |pytorch|").isLessThan(TOLERANCE);
    }
}

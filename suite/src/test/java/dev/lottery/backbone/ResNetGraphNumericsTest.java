package dev.lottery.backbone;

import dev.lottery.backbone.tensorflow.ResNetGraph;
import dev.lottery.backbone.tensorflow.SavedModelRunner;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The TF graph, run through DJL, against a naive Java forward pass of the same ResNet. */
class ResNetGraphNumericsTest {

    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path cache;

    @ParameterizedTest(name = "blocks {0}, width {1}, {2}x{3}, batch {4}, padding {5}")
    @CsvSource({
        "1-1-1-1, 4, 17, 19, 2, TORCH",
        "1-2-1-1, 4, 28, 28, 3, TORCH",
        "1-1-1-1, 4, 32, 24, 1, TORCH",
        "3-4-6-3, 16, 28, 28, 2, TORCH", // the pocket suite's spec and image size
        // the TensorFlow conventions on odd and even sizes (SAME differs from PyTorch on even ones)
        "1-1-1-1, 4, 17, 19, 2, TF_SAME_POOL",
        "1-2-1-1, 4, 28, 28, 2, TF_SAME_POOL",
        "1-1-1-1, 4, 17, 19, 2, TF_SAME",
        "1-1-1-1, 4, 32, 24, 2, TF_SAME",
    })
    void graphMatchesNaiveReference(String blockText, int baseWidth, int height, int width, int n, Padding padding) {
        int[] blocks = java.util.Arrays.stream(blockText.split("-")).mapToInt(Integer::parseInt).toArray();
        ResNetSpec spec = new ResNetSpec(blocks, baseWidth, 3, padding);
        Map<String, WeightTensor> weights = withRandomBatchNormStats(HeInit.resnet(spec, 7, 5), 11);
        float[] images = randomImages(n * height * width * 3, 13);

        Path dir = ResNetGraph.writeSavedModel(spec, weights, cache);
        Map<String, float[]> out;
        try (SavedModelRunner runner = new SavedModelRunner(dir, Device.cpu())) {
            out = runner.run(images, n, height, width, 3);
        }
        assertThat(out).containsOnlyKeys(ResNetGraph.FEATURES, ResNetGraph.LOGITS);
        assertThat(out.get(ResNetGraph.FEATURES)).hasSize(n * spec.featureDim());
        assertThat(out.get(ResNetGraph.LOGITS)).hasSize(n * 5);

        ReferenceResNet reference = new ReferenceResNet(blocks, weights, padding);
        for (int i = 0; i < n; i++) {
            double[][] expected = reference.forward(images, i, height, width, 3);
            assertClose("features of image " + i, out.get(ResNetGraph.FEATURES), i, expected[0]);
            assertClose("logits of image " + i, out.get(ResNetGraph.LOGITS), i, expected[1]);
        }
    }

    /** Relative error against the largest reference magnitude, so near-zero entries don't dominate. */
    private static void assertClose(String what, float[] actual, int row, double[] expected) {
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        assertThat(scale).as(what + " must not be all zero").isGreaterThan(1e-3);
        double worst = 0;
        for (int k = 0; k < expected.length; k++) {
            worst = Math.max(worst, Math.abs(actual[row * expected.length + k] - expected[k]) / scale);
        }
        assertThat(worst).as(what + ": max relative error").isLessThan(TOLERANCE);
    }

    /** HeInit's BN is the identity; randomise it so the test sees scale, shift, mean and variance. */
    static Map<String, WeightTensor> withRandomBatchNormStats(Map<String, WeightTensor> weights, long seed) {
        Random r = new Random(seed);
        Map<String, WeightTensor> out = new LinkedHashMap<>();
        weights.forEach((key, t) -> {
            float[] v = t.values().clone();
            if (t.shape().length == 1 && !key.startsWith("fc.")) {
                for (int i = 0; i < v.length; i++) {
                    if (key.endsWith(".running_var")) {
                        v[i] = 0.5f + r.nextFloat();
                    } else if (key.endsWith(".weight")) {
                        v[i] = 0.5f + r.nextFloat();
                    } else {
                        v[i] = (float) (0.3 * r.nextGaussian());
                    }
                }
            }
            out.put(key, new WeightTensor(t.shape(), v));
        });
        return out;
    }

    static float[] randomImages(int size, long seed) {
        Random r = new Random(seed);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}

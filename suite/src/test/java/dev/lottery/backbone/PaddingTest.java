package dev.lottery.backbone;

import dev.lottery.backbone.tensorflow.ResNetGraph;
import dev.lottery.backbone.tensorflow.SavedModelRunner;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The padding conventions: TF's 'SAME' rule by hand, and where it changes a ResNet's features. */
class PaddingTest {

    @TempDir
    Path cache;

    @Test
    void sameRulePadsTheSmallerHalfBefore() {
        assertThat(ReferenceResNet.pads(16, 3, 2, 1, true)).containsExactly(0, 1); // even: PyTorch pads 1, 1
        assertThat(ReferenceResNet.pads(17, 3, 2, 1, true)).containsExactly(1, 1); // odd: the same as PyTorch
        assertThat(ReferenceResNet.pads(224, 7, 2, 3, true)).containsExactly(2, 3);
        assertThat(ReferenceResNet.pads(224, 7, 2, 3, false)).containsExactly(3, 3);
        assertThat(ReferenceResNet.pads(16, 1, 2, 0, true)).containsExactly(0, 0);
        assertThat(ReferenceResNet.pads(15, 3, 1, 1, true)).containsExactly(1, 1);
    }

    /** A 4x4 plane holding 0..15 row by row, pooled 3x3 stride 2; the expected maxima are worked out by hand. */
    @Test
    void sameStemPoolReadsOtherPixelsOnEvenSizes() {
        double[] v = new double[16];
        for (int i = 0; i < 16; i++) {
            v[i] = i;
        }
        ReferenceResNet.Act plane = new ReferenceResNet.Act(1, 4, 4, v);
        // PyTorch: windows start at -1, 1 -> centres (1,1), (1,3), (3,1), (3,3)
        assertThat(ReferenceResNet.maxPool3x3s2(plane, false).v()).containsExactly(5, 7, 13, 15);
        // TF SAME: pad 0 before, 1 after -> windows start at 0, 2 -> maxima at (2,2), (2,3), (3,2), (3,3)
        assertThat(ReferenceResNet.maxPool3x3s2(plane, true).v()).containsExactly(10, 11, 14, 15);
    }

    /** 18x18 images give a 9x9 stem output (odd: SAME pads 1, 1), 16x16 give 8x8 (even: SAME pads 0, 1). */
    @Test
    void samePoolChangesFeaturesExactlyWhenTheStemOutputIsEven() {
        ResNetSpec torch = new ResNetSpec(new int[] {1, 1, 1, 1}, 4, 3);
        Map<String, WeightTensor> weights = ResNetGraphNumericsTest.withRandomBatchNormStats(HeInit.resnet(torch, 3), 5);
        for (int size : new int[] {18, 16}) {
            float[] images = ResNetGraphNumericsTest.randomImages(2 * size * size * 3, 17);
            float[] a = features(torch, weights, images, size);
            float[] b = features(torch.withPadding(Padding.TF_SAME_POOL), weights, images, size);
            if (size == 18) {
                assertThat(b).as("odd stem output").containsExactly(a);
            } else {
                assertThat(maxDiff(a, b)).as("even stem output").isGreaterThan(1e-3);
            }
        }
    }

    @Test
    void paddingIsPartOfTheCacheKey() {
        ResNetSpec torch = new ResNetSpec(new int[] {1, 1, 1, 1}, 4, 3);
        Map<String, WeightTensor> weights = HeInit.resnet(torch, 3);
        Path a = ResNetGraph.writeSavedModel(torch, weights, cache);
        Path b = ResNetGraph.writeSavedModel(torch.withPadding(Padding.TF_SAME_POOL), weights, cache);
        Path c = ResNetGraph.writeSavedModel(torch.withPadding(Padding.TF_SAME), weights, cache);
        assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
        assertThat(b).isNotEqualTo(c);
        assertThat(torch.toString()).doesNotContain("padding");
        assertThat(torch.withPadding(Padding.TF_SAME_POOL).toString()).contains("padding=tf-same-pool");
        assertThat(torch.withPadding(Padding.TF_SAME_POOL)).isNotEqualTo(torch);
    }

    private float[] features(ResNetSpec spec, Map<String, WeightTensor> weights, float[] images, int size) {
        try (SavedModelRunner runner = new SavedModelRunner(ResNetGraph.writeSavedModel(spec, weights, cache),
                Device.cpu())) {
            return runner.run(images, 2, size, size, 3).get(ResNetGraph.FEATURES);
        }
    }

    private static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}

package dev.lottery.backbone;

import dev.lottery.backbone.tensorflow.ResNetGraph;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.lottery.backbone.checkpoint.Checkpoints;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alternatives to PyTorch checkpoints: an ONNX export (OnnxRuntime) and a TensorFlow SavedModel. */
class ExportedBackboneTest {

    @TempDir
    Path cache;

    @Test
    void onnxExportOfTheFixtureMatchesPyTorch() {
        CheckpointParityTest.readReference();
        try (Backbone b = Backbones.open(CheckpointParityTest.DIR.resolve("resnet.onnx"), null, cache, Device.cpu())) {
            assertThat(b.id()).isEqualTo("onnx(resnet.onnx)");
            CheckpointParityTest.assertClose(CheckpointParityTest.extract(b).values(),
                    CheckpointParityTest.features.values(), "onnx features");
            long[] s = CheckpointParityTest.input.shape();
            assertClose(b.logits(CheckpointParityTest.input.values(), (int) s[0], (int) s[1], (int) s[2], (int) s[3])
                    .values(), CheckpointParityTest.logits.values(), "onnx logits");
            assertThat(b.featureDim()).isEqualTo(64);
        }
    }

    @Test
    void savedModelDirectoryIsOpenedAsSuch() {
        CheckpointParityTest.readReference();
        // a SavedModel exported from the canary's weights (the graph writer stands in for a TF export)
        Map<String, WeightTensor> w = Checkpoints.load(CheckpointParityTest.DIR.resolve("torchvision.pth"),
                "torchvision").weights();
        Path dir = ResNetGraph.writeSavedModel(Checkpoints.resnet50Like(w), w, cache);
        try (Backbone b = Backbones.open(dir, null, cache, Device.cpu())) {
            assertThat(b.id()).startsWith("savedmodel(");
            CheckpointParityTest.assertClose(CheckpointParityTest.extract(b).values(),
                    CheckpointParityTest.features.values(), "savedmodel features");
        }
    }

    private static void assertClose(float[] a, float[] e, String what) {
        CheckpointParityTest.assertClose(a, e, what);
    }

    @Test
    void nchwTransposeIsExact() {
        float[] nhwc = new float[2 * 3 * 4 * 5];
        for (int i = 0; i < nhwc.length; i++) {
            nhwc[i] = i;
        }
        float[] nchw = ExportedBackbone.toNchw(nhwc, 2, 3, 4, 5);
        // image 1, channel 2, row 1, column 3
        assertThat(nchw[((1 * 5 + 2) * 3 + 1) * 4 + 3]).isEqualTo(nhwc[((1 * 3 + 1) * 4 + 3) * 5 + 2]);
    }
}

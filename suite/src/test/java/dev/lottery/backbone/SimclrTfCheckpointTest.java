package dev.lottery.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.lottery.backbone.checkpoint.CheckpointException;
import dev.lottery.backbone.checkpoint.Checkpoints;
import dev.lottery.backbone.checkpoint.KeyMap;
import dev.lottery.backbone.checkpoint.TfSaveV2;
import dev.lottery.features.FeatureMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SimCLR's official checkpoint format read directly: the PyTorch fixture network
 * (tools/checkpoints, width 2) re-saved by TensorFlow's SaveV2 under SimCLR's TF1 variable names
 * (with Momentum slots, both heads and global_step), zipped as the release is. The names are
 * written here from google-research/simclr resnet.py independently of the reader's mapping.
 */
class SimclrTfCheckpointTest {

    static final Path FIXTURES = CheckpointParityTest.DIR;
    static final String STEP = "model.ckpt-225206";

    @TempDir
    static Path tmp;

    static Map<String, WeightTensor> canary;
    static Path zip;
    static Npy.Array input;
    static Npy.Array torchFeatures;

    @BeforeAll
    static void writeRelease() throws IOException {
        canary = new LinkedHashMap<>(Checkpoints.load(FIXTURES.resolve("torchvision.pth"), "torchvision").weights());
        canary.keySet().removeIf(k -> k.startsWith("fc."));
        zip = release("ResNet50_1x", vars -> {});
        input = Npy.read(FIXTURES.resolve("input.npy"));
        torchFeatures = Npy.read(FIXTURES.resolve("features.npy"));
    }

    @Test
    void theZipMapsOntoTheSameWeightsAsThePyTorchFixture() {
        KeyMap.Mapped m = Checkpoints.load(zip, "simclr");
        assertThat(m.weights().keySet()).containsExactlyInAnyOrderElementsOf(canary.keySet());
        canary.forEach((k, v) -> assertThat(m.weights().get(k)).as(k).isEqualTo(v));
        assertThat(m.padding()).isEqualTo(Padding.TF_SAME_POOL);
        assertThat(m.ignored()).contains("global_step", "head_supervised/linear_layer/dense/kernel",
                "head_contrastive/nl_0/dense/kernel", "base_model/conv2d_52/kernel/Momentum");
        assertThat(Checkpoints.resnet50Like(m)).isEqualTo(new ResNetSpec(new int[] {3, 4, 6, 3}, 2, 3,
                Padding.TF_SAME_POOL));
        // the converted layout keeps working under the same key map, with PyTorch padding
        KeyMap.Mapped converted = Checkpoints.load(FIXTURES.resolve("simclr.pth"), "simclr");
        assertThat(converted.padding()).isEqualTo(Padding.TORCH);
        assertThat(converted.weights()).isEqualTo(m.weights());
    }

    @Test
    void theUnzippedFolderItsIndexAndItsPrefixLoadToo() throws IOException {
        Path dir = tmp.resolve("ResNet50_1x");
        Map<String, WeightTensor> fromZip = Checkpoints.load(zip, "simclr").weights();
        for (Path p : List.of(dir, dir.resolve(STEP + ".index"), dir.resolve(STEP))) {
            assertThat(Checkpoints.load(p, "simclr").weights()).as(p.toString()).isEqualTo(fromZip);
        }
    }

    /**
     * With PyTorch padding the mapped weights give PyTorch's features (the mapping is right); the
     * TF path uses SimCLR's 'SAME' stem pool, which on these 32x32 images (16x16 after the stem
     * conv: even) gives other features, exactly those of the naive reference under that convention.
     */
    @Test
    void featuresMatchPyTorchWithTorchPaddingAndTheReferenceWithSimclrPadding() {
        long[] s = input.shape();
        int n = (int) s[0], h = (int) s[1], w = (int) s[2], c = (int) s[3];
        KeyMap.Mapped m = Checkpoints.load(zip, "simclr");
        ResNetSpec spec = Checkpoints.resnet50Like(m);
        try (Backbone torch = Backbones.resNet(spec.withPadding(Padding.TORCH), m.weights(), tmp.resolve("models"),
                Device.cpu())) {
            CheckpointParityTest.assertClose(torch.extract(input.values(), n, h, w, c).values(),
                    torchFeatures.values(), "simclr TF weights, torch padding");
        }
        FeatureMatrix tf;
        try (Backbone b = Backbones.checkpoint(zip, "simclr", tmp.resolve("models"), Device.cpu())) {
            assertThat(b.id()).contains("padding=tf-same-pool");
            tf = b.extract(input.values(), n, h, w, c);
        }
        ReferenceResNet reference = new ReferenceResNet(new int[] {3, 4, 6, 3}, m.weights(), Padding.TF_SAME_POOL);
        double[] expected = new double[n * tf.cols()];
        for (int i = 0; i < n; i++) {
            System.arraycopy(reference.forward(input.values(), i, h, w, c)[0], 0, expected, i * tf.cols(), tf.cols());
        }
        float[] expectedFloats = new float[expected.length];
        for (int i = 0; i < expected.length; i++) {
            expectedFloats[i] = (float) expected[i];
        }
        CheckpointParityTest.assertClose(tf.values(), expectedFloats, "simclr TF path vs naive SAME-pool reference");
        double diff = 0, scale = 0;
        for (int i = 0; i < expectedFloats.length; i++) {
            diff = Math.max(diff, Math.abs(tf.values()[i] - torchFeatures.values()[i]));
            scale = Math.max(scale, Math.abs(torchFeatures.values()[i]));
        }
        assertThat(diff / scale).as("SAME pool vs PyTorch pool on an even stem output").isGreaterThan(1e-3);
    }

    @Test
    void aMissingVariableIsNamed() throws IOException {
        Path z = release("Missing", vars -> vars.remove("base_model/conv2d_7/kernel"));
        assertThatThrownBy(() -> Checkpoints.load(z, "simclr")).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("Missing.zip").hasMessageContaining("missing [base_model/conv2d_7/kernel]");
        Path last = release("MissingLast", vars -> vars.remove("base_model/batch_normalization_52/moving_variance"));
        assertThatThrownBy(() -> Checkpoints.load(last, "simclr")).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("MissingLast.zip")
                .hasMessageContaining("base_model/batch_normalization_52/moving_variance");
    }

    @Test
    void anUnexpectedVariableIsNamed() throws IOException {
        Path z = release("Extra", vars -> vars.put("base_model/dense/kernel", var(new long[] {2, 2}, 1)));
        assertThatThrownBy(() -> Checkpoints.load(z, "simclr")).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("Extra.zip").hasMessageContaining("base_model/dense/kernel");
        Path more = release("ExtraConv", vars -> vars.put("base_model/conv2d_53/kernel", var(new long[] {1, 1, 2, 2}, 1)));
        assertThatThrownBy(() -> Checkpoints.load(more, "simclr")).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("ExtraConv.zip").hasMessageContaining("unexpected [base_model/conv2d_53/kernel]");
    }

    @Test
    void aWrongShapeOrAWrongKeyMapIsRefused() throws IOException {
        // swapping a block's shortcut and first conv (the order a converter could get wrong) fails on shapes
        Path z = release("Swapped", vars -> {
            TfSaveV2.Var a = vars.get("base_model/conv2d_1/kernel");
            vars.put("base_model/conv2d_1/kernel", vars.get("base_model/conv2d_2/kernel"));
            vars.put("base_model/conv2d_2/kernel", a);
        });
        assertThatThrownBy(() -> Checkpoints.load(z, "simclr")).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("Swapped.zip").hasMessageContaining("base_model/conv2d_1/kernel")
                .hasMessageContaining("layer1.0.downsample.0.weight");
        assertThatThrownBy(() -> Checkpoints.load(zip, "moco")).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("TensorFlow checkpoint").hasMessageContaining("simclr");
    }

    // ---- writing the release ----

    /** Saves the fixture under SimCLR's names (edited by {@code edit}), zipped as {@code name/...}. */
    static Path release(String name, Consumer<Map<String, TfSaveV2.Var>> edit) throws IOException {
        Map<String, TfSaveV2.Var> vars = simclrVariables(canary);
        edit.accept(vars);
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        TfSaveV2 saver = new TfSaveV2();
        vars.forEach((k, v) -> {
            if (v.floats() != null) {
                saver.put(k, v.shape(), v.floats());
            } else {
                saver.putInt64(k, v.int64());
            }
        });
        saver.save(dir.resolve(STEP));
        // as written on the training machine: an absolute path elsewhere
        Files.writeString(dir.resolve("checkpoint"), "model_checkpoint_path: \"gs://simclr/ResNet50_1x/" + STEP
                + "\"\nall_model_checkpoint_paths: \"gs://simclr/ResNet50_1x/" + STEP + "\"\n");
        Path out = tmp.resolve(name + ".zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(out)); Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                z.putNextEntry(new ZipEntry(name + "/" + p.getFileName()));
                Files.copy(p, z);
                z.closeEntry();
            }
            // the release also carries a TF-Hub module: a second bundle that must not be picked
            z.putNextEntry(new ZipEntry(name + "/hub/variables/variables.index"));
            Files.copy(dir.resolve(STEP + ".index"), z);
            z.closeEntry();
        }
        return out;
    }

    /**
     * SimCLR v1's TF1 names for torchvision weights, following resnet.py: tf.layers numbers conv2d
     * and batch_normalization in creation order; per block the projection shortcut comes first.
     * Every variable gets a Momentum slot; then the heads and global_step.
     */
    static Map<String, TfSaveV2.Var> simclrVariables(Map<String, WeightTensor> torch) {
        List<String[]> order = new java.util.ArrayList<>();
        order.add(new String[] {"conv1", "bn1"});
        int[] blocks = {3, 4, 6, 3};
        for (int s = 0; s < blocks.length; s++) {
            for (int b = 0; b < blocks[s]; b++) {
                String p = "layer" + (s + 1) + "." + b + ".";
                if (b == 0) {
                    order.add(new String[] {p + "downsample.0", p + "downsample.1"});
                }
                for (int k = 1; k <= 3; k++) {
                    order.add(new String[] {p + "conv" + k, p + "bn" + k});
                }
            }
        }
        Map<String, TfSaveV2.Var> out = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            String suffix = i == 0 ? "" : "_" + i;
            WeightTensor k = torch.get(order.get(i)[0] + ".weight");
            long[] o = k.shape();
            out.put("base_model/conv2d" + suffix + "/kernel",
                    TfSaveV2.Var.of(new long[] {o[2], o[3], o[1], o[0]}, oihwToHwio(k)));
            String bn = order.get(i)[1];
            String tfBn = "base_model/batch_normalization" + suffix + "/";
            out.put(tfBn + "gamma", vector(torch.get(bn + ".weight")));
            out.put(tfBn + "beta", vector(torch.get(bn + ".bias")));
            out.put(tfBn + "moving_mean", vector(torch.get(bn + ".running_mean")));
            out.put(tfBn + "moving_variance", vector(torch.get(bn + ".running_var")));
        }
        int features = (int) torch.get("layer4.2.conv3.weight").shape()[0];
        out.put("head_supervised/linear_layer/dense/kernel", var(new long[] {features, 10}, 3));
        out.put("head_supervised/linear_layer/dense/bias", var(new long[] {10}, 4));
        out.put("head_contrastive/nl_0/dense/kernel", var(new long[] {features, features}, 5));
        out.put("head_contrastive/nl_0/batch_normalization/gamma", var(new long[] {features}, 6));
        Map<String, TfSaveV2.Var> withSlots = new LinkedHashMap<>(out);
        long seed = 100;
        for (Map.Entry<String, TfSaveV2.Var> e : out.entrySet()) {
            if (!e.getKey().contains("moving_")) {
                withSlots.put(e.getKey() + "/Momentum", var(e.getValue().shape(), seed++));
            }
        }
        withSlots.put("global_step", TfSaveV2.Var.scalar(225206));
        return withSlots;
    }

    private static TfSaveV2.Var vector(WeightTensor t) {
        return TfSaveV2.Var.of(t.shape(), t.values());
    }

    static TfSaveV2.Var var(long[] shape, long seed) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        Random r = new Random(seed);
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return TfSaveV2.Var.of(shape, v);
    }

    private static float[] oihwToHwio(WeightTensor t) {
        long[] s = t.shape();
        int o = (int) s[0], in = (int) s[1], kh = (int) s[2], kw = (int) s[3];
        float[] dst = new float[t.values().length];
        for (int a = 0; a < o; a++) {
            for (int b = 0; b < in; b++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        dst[((y * kw + x) * in + b) * o + a] = t.values()[((a * in + b) * kh + y) * kw + x];
                    }
                }
            }
        }
        return dst;
    }
}

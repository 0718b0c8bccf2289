package dev.lottery.backbone.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.lottery.backbone.Backbone;
import dev.lottery.backbone.Backbones;
import dev.lottery.backbone.Npy;
import dev.lottery.backbone.Padding;
import dev.lottery.backbone.WeightTensor;
import dev.lottery.features.FeatureMatrix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BYOL's official JAX release read directly: byol-jax.pkl is written by
 * tools/checkpoints/make_byol_fixture.py exactly as byol/utils/checkpointing.py writes
 * pretrain_res50x1.pkl (dill, protocol 2, the real class names), at width 1.
 */
class ByolReleaseTest {

    static final Path DIR = Path.of("src/test/resources/checkpoints");
    static final Path RELEASE = DIR.resolve("byol-jax.pkl");
    static final String BLOCK = "res_net50/~/block_group_2/~/block_3/~/";

    @TempDir
    Path tmp;

    @Test
    void theReleaseReadsAsInertData() {
        Map<?, ?> root = (Map<?, ?>) CheckpointReader.read(RELEASE);
        assertThat(root.keySet().stream().map(String::valueOf)).containsExactly("experiment_state", "step", "rng");
        assertThat(root.get("step")).isEqualTo(5);
        RawTensor rng = (RawTensor) root.get("rng");
        assertThat(rng.dtype()).isEqualTo(DType.UINT32);
        assertThat(rng.toWeight().values()).containsExactly(0f, 42f);

        PickledObject state = (PickledObject) root.get("experiment_state");
        assertThat(state.type()).isEqualTo("byol.byol_experiment._ByolExperimentState");
        assertThat(state.fields().keySet())
                .containsExactly("online_params", "target_params", "online_state", "target_state", "opt_state");
        List<?> opt = (List<?>) state.field("opt_state");
        assertThat(opt).extracting(o -> ((PickledObject) o).type()).containsExactly(
                "byol.utils.optimizers.AddWeightDecayState", "byol.utils.optimizers.ScaleByLarsState",
                "optax._src.transform.ScaleState");
        assertThat(((PickledObject) opt.get(1)).field("mu")).isInstanceOf(Map.class);

        Map<?, ?> ema = (Map<?, ?>) ((Map<?, ?>) state.field("online_state")).get(BLOCK + "batchnorm_1/~/mean_ema");
        RawTensor counter = (RawTensor) ema.get("counter");
        assertThat(counter.dtype()).isEqualTo(DType.INT32);
        assertThat(counter.toWeight().values()).containsExactly(5f);
        assertThatThrownBy(() -> state.field("params")).hasMessageContaining("online_params");
    }

    @Test
    void featuresMatchPyTorch() {
        KeyMap.Mapped mapped = Checkpoints.load(RELEASE, "byol");
        assertThat(mapped.padding()).isEqualTo(Padding.TF_SAME);
        assertThat(mapped.weights().get("conv1.weight").shape()).containsExactly(1, 3, 7, 7);
        assertThat(mapped.weights()).doesNotContainKey("fc.weight");
        assertThat(mapped.ignored()).contains("step", "rng", "experiment_state.target_params",
                "experiment_state.opt_state", "online_params/projector/~/linear/w", "online_params/classifier/b",
                "online_state/res_net50/~/initial_batchnorm/~/mean_ema/hidden");
        // BatchNorm statistics come from the EMAs' zero-debiased `average`, not `hidden`
        Map<?, ?> root = (Map<?, ?>) CheckpointReader.read(RELEASE);
        Map<?, ?> online = (Map<?, ?>) ((PickledObject) root.get("experiment_state")).field("online_state");
        RawTensor average = (RawTensor) ((Map<?, ?>) online.get(BLOCK + "batchnorm_1/~/var_ema")).get("average");
        assertThat(mapped.weights().get("layer3.3.bn2.running_var").values())
                .containsExactly(average.toWeight().values());

        Npy.Array input = Npy.read(DIR.resolve("input.npy"));
        long[] s = input.shape();
        // byol-features-same.npy is what BYOL's own (haiku, TF-'SAME') network computes; the graph
        // honours the declared padding, so it must give those, and PyTorch's symmetric forward only
        // when told to pad that way
        float[] torch = Npy.read(DIR.resolve("byol-features-torch.npy")).values();
        float[] same = Npy.read(DIR.resolve("byol-features-same.npy")).values();
        assertThat(relativeError(same, torch)).as("the fixture tells the two paddings apart").isGreaterThan(1e-2);
        try (Backbone b = Backbones.checkpoint(RELEASE, "byol", tmp, Device.cpu())) {
            FeatureMatrix f = b.extract(input.values(), (int) s[0], (int) s[1], (int) s[2], (int) s[3]);
            assertThat(relativeError(f.values(), same)).isLessThan(1e-4);
            assertThat(b.id()).contains("padding=tf-same");
        }
        try (Backbone b = Backbones.checkpoint(RELEASE, "byol", Padding.TORCH, tmp, Device.cpu())) {
            FeatureMatrix f = b.extract(input.values(), (int) s[0], (int) s[1], (int) s[2], (int) s[3]);
            assertThat(relativeError(f.values(), torch)).isLessThan(1e-4);
            assertThat(b.id()).doesNotContain("padding=");
        }
    }

    @Test
    void theConvertedLayoutReadsWithByolConvertsSamePadding() {
        // ajtejankar/byol-convert's resnet.py pads every conv and the max pool with pad_same
        KeyMap.Mapped converted = Checkpoints.load(DIR.resolve("plain.pth"), "byol");
        assertThat(converted.padding()).isEqualTo(Padding.TF_SAME);
        assertThat(Checkpoints.load(DIR.resolve("plain.pth"), "torchvision").padding()).isEqualTo(Padding.TORCH);
        assertThat(converted.weights()).containsKey("layer4.2.bn3.running_var");
    }

    @ParameterizedTest
    @ValueSource(strings = {"byol-plain-p2.pkl", "byol-plain-p4.pkl"})
    void plainPicklesOfTheSameClassesReadTheSame(String file) {
        Map<?, ?> root = (Map<?, ?>) CheckpointReader.read(DIR.resolve(file));
        PickledObject lars = (PickledObject) root.get("lars");
        assertThat(lars.type()).isEqualTo("byol.utils.optimizers.ScaleByLarsState");
        Map<?, ?> mu = (Map<?, ?>) lars.field("mu");
        WeightTensor w = ((RawTensor) ((Map<?, ?>) mu.get("m")).get("w")).toWeight();
        assertThat(w.shape()).containsExactly(2, 3);
        assertThat(w.values()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(((PickledObject) root.get("decay")).fields()).isEmpty();
    }

    @Test
    void aClassOffTheAllowListFailsClosedNamingIt() throws IOException {
        // the release with its state class renamed (same length, so the pickle stays well-formed)
        Path renamed = patched("byol.byol_experiment", "evil.byol_experiment");
        assertThatThrownBy(() -> CheckpointReader.read(renamed)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("evil.byol_experiment._ByolExperimentState")
                .hasMessageContaining(renamed.toString());
        // the allow-listed name with other fields
        Path fields = patched("opt_state", "opt_steal");
        assertThatThrownBy(() -> CheckpointReader.read(fields))
                .hasMessageContaining("byol.byol_experiment._ByolExperimentState with fields [online_params,")
                .hasMessageContaining("opt_steal");
        // a class named by a plain GLOBAL, then NEWOBJ
        Path global = tmp.resolve("global.pkl");
        Files.write(global, "\u0080\u0002cbyol.utils.optimizers\nScaleByMomentum\n)\u0081.".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CheckpointReader.read(global))
                .hasMessageContaining("refusing to load the global byol.utils.optimizers.ScaleByMomentum");
        // dill's class-by-value constructor is not on the list at all
        Path byValue = tmp.resolve("type.pkl");
        Files.write(byValue, "\u0080\u0002cdill._dill\n_create_type\n.".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CheckpointReader.read(byValue)).hasMessageContaining("the global dill._dill._create_type");
        // NEWOBJ_EX with keywords
        Path kw = tmp.resolve("kw.pkl");
        Files.write(kw, "\u0080\u0004cbyol.utils.optimizers\nAddWeightDecayState\n)}X\u0001\u0000\u0000\u0000kK\u0001s\u0092."
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CheckpointReader.read(kw)).hasMessageContaining("NEWOBJ_EX");
    }

    @Test
    void aMissingExtraOrMisshapenHaikuKeyFailsNamingIt() {
        KeyMap byol = KeyMaps.named("byol");
        Object root = CheckpointReader.read(RELEASE);

        Object missing = edit(root, "online_params", params -> params.remove(BLOCK + "batchnorm_1"));
        assertThatThrownBy(() -> byol.apply(missing, "x.pkl")).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("x.pkl (keymap byol)")
                .hasMessageContaining("2 missing: [online_params/" + BLOCK + "batchnorm_1/scale, online_params/" + BLOCK
                        + "batchnorm_1/offset]");

        Object noAverage = edit(root, "online_state", st -> st.put(BLOCK + "batchnorm_1/~/var_ema",
                Map.of("hidden", ((Map<?, ?>) st.get(BLOCK + "batchnorm_1/~/var_ema")).get("hidden"))));
        assertThatThrownBy(() -> byol.apply(noAverage, "x.pkl"))
                .hasMessageContaining("missing: [online_state/" + BLOCK + "batchnorm_1/~/var_ema/average]");

        Object extra = edit(root, "online_params", params -> params.put(BLOCK + "conv_3", params.get(BLOCK + "conv_2")));
        assertThatThrownBy(() -> byol.apply(extra, "x.pkl"))
                .hasMessageContaining("neither backbone weights nor declared as ignored: [online_params/" + BLOCK
                        + "conv_3/w]");

        Object misshapen = edit(root, "online_params", params -> params.put(BLOCK + "conv_1", params.get(BLOCK + "conv_0")));
        assertThatThrownBy(() -> byol.apply(misshapen, "x.pkl"))
                .hasMessageContaining("with the wrong shape: [online_params/" + BLOCK + "conv_1/w [1, 1, 16, 4] (expected"
                        + " [3, 3, 4, 4])]");

        Map<Object, Object> extraTop = new LinkedHashMap<>((Map<?, ?>) root);
        extraTop.put("optimizer", 1);
        assertThatThrownBy(() -> byol.apply(extraTop, "x.pkl")).hasMessageContaining("ignored: [optimizer]");
    }

    @Test
    void anotherKeyMapOnTheReleaseSaysWhatItFound() {
        assertThatThrownBy(() -> Checkpoints.load(RELEASE, "moco")).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("found a pickled byol.byol_experiment._ByolExperimentState under 'experiment_state'")
                .hasMessageContaining("right --keymap");
    }

    /** The release tree with one field of the experiment state (a haiku mapping) edited. */
    private static Object edit(Object root, String field, Consumer<Map<Object, Object>> change) {
        Map<Object, Object> top = new LinkedHashMap<>((Map<?, ?>) root);
        PickledObject state = (PickledObject) top.get("experiment_state");
        Map<String, Object> fields = new LinkedHashMap<>(state.fields());
        Map<Object, Object> tree = new LinkedHashMap<>((Map<?, ?>) fields.get(field));
        change.accept(tree);
        fields.put(field, tree);
        top.put("experiment_state", new PickledObject(state.type(), fields));
        return top;
    }

    private Path patched(String from, String to) throws IOException {
        byte[] bytes = Files.readAllBytes(RELEASE);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(text).contains(from);
        Path out = tmp.resolve(to + ".pkl");
        Files.write(out, text.replace(from, to).getBytes(StandardCharsets.ISO_8859_1));
        return out;
    }

    /** max |a - b| / max |b|, as CheckpointParityTest measures. */
    private static double relativeError(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return diff / scale;
    }
}

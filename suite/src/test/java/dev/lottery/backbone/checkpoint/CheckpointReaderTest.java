package dev.lottery.backbone.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lottery.backbone.Npy;
import dev.lottery.backbone.tensorflow.ResNetGraph;
import dev.lottery.backbone.ResNetSpec;
import dev.lottery.backbone.WeightTensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointReaderTest {

    static final Path DIR = Path.of("src/test/resources/checkpoints");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"numpy-arrays-p2.pkl", "numpy-arrays-p4.pkl"})
    void numpyPicklesGiveTheArraysNumpyWrote(String file) {
        Map<?, ?> root = (Map<?, ?>) CheckpointReader.read(DIR.resolve(file));
        Map<?, ?> params = (Map<?, ?>) root.get("params");
        for (String name : new String[] {"conv1", "fortran", "half", "counter"}) {
            Npy.Array expected = Npy.read(DIR.resolve("numpy-" + name + ".npy"));
            WeightTensor actual = ((RawTensor) params.get(name)).toWeight();
            assertThat(actual.shape()).as(name).containsExactly(expected.shape());
            assertThat(actual.values()).as(name).containsExactly(expected.values());
        }
        assertThat(((RawTensor) params.get("half")).dtype()).isEqualTo(DType.FLOAT16);
        assertThat(((RawTensor) params.get("counter")).dtype()).isEqualTo(DType.INT64);
        RawTensor step = (RawTensor) root.get("step");
        assertThat(step.shape()).isEmpty();
        assertThat(step.toWeight().values()).containsExactly(5f);
    }

    @Test
    void legacyAndZipFormatsHoldTheSameTree() {
        Map<?, ?> zip = (Map<?, ?>) CheckpointReader.read(DIR.resolve("moco.pth"));
        Map<?, ?> legacy = (Map<?, ?>) CheckpointReader.read(DIR.resolve("moco-legacy.pth"));
        assertThat(legacy.keySet()).isEqualTo(zip.keySet());
        assertThat(legacy.get("epoch")).isEqualTo(800);
        Map<?, ?> a = (Map<?, ?>) zip.get("state_dict");
        Map<?, ?> b = (Map<?, ?>) legacy.get("state_dict");
        assertThat(b.keySet().stream().map(String::valueOf)).containsExactlyElementsOf(a.keySet().stream().map(String::valueOf).toList());
        a.forEach((k, v) -> assertThat(((RawTensor) b.get(k)).toWeight()).as(k.toString())
                .isEqualTo(((RawTensor) v).toWeight()));
    }

    @Test
    void codeInAPickleIsRefusedNeverRun() throws IOException {
        // protocol 0: GLOBAL os.system, then REDUCE with ('touch <marker>',)
        Path marker = tmp.resolve("ran");
        Path evil = tmp.resolve("evil.pth");
        Files.write(evil, ("\u0080\u0002cos\nsystem\n(S'touch " + marker + "'\ntR.").getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CheckpointReader.read(evil))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("refusing to load the global os.system")
                .hasMessageContaining(evil.toString());
        assertThat(marker).doesNotExist();
    }

    @Test
    void stackGlobalAndInstAreRefusedToo() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0x80, 4});
        writeShortUnicode(b, "builtins");
        writeShortUnicode(b, "eval");
        b.write(0x93); // STACK_GLOBAL
        b.write('.');
        Path p = tmp.resolve("eval.pkl");
        Files.write(p, b.toByteArray());
        assertThatThrownBy(() -> CheckpointReader.read(p)).hasMessageContaining("builtins.eval");

        Path inst = tmp.resolve("inst.pkl");
        Files.write(inst, "\u0080\u0002(ios\nsystem\n.".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CheckpointReader.read(inst)).hasMessageContaining("opcode i");
    }

    @Test
    void notACheckpointIsNamed() throws IOException {
        Path text = tmp.resolve("notes.pth");
        Files.writeString(text, "hello");
        assertThatThrownBy(() -> CheckpointReader.read(text)).hasMessageContaining("not a PyTorch checkpoint")
                .hasMessageContaining("notes.pth");
        Path truncated = tmp.resolve("cut.pth");
        byte[] whole = Files.readAllBytes(DIR.resolve("torchvision-legacy.pth"));
        Files.write(truncated, Arrays.copyOf(whole, whole.length - 1000));
        assertThatThrownBy(() -> CheckpointReader.read(truncated)).hasMessageContaining("cut.pth");
    }

    @Test
    void malformedPickleContentIsNamedNotThrownRaw() throws IOException {
        // protocol 2: GLOBAL torch._utils._rebuild_tensor_v2, args ('x', 'y', 'z', 'w'), REDUCE
        Path odd = tmp.resolve("odd.pth");
        Files.write(odd, "\u0080\u0002ctorch._utils\n_rebuild_tensor_v2\n(X\u0001\u0000\u0000\u0000xX\u0001\u0000\u0000\u0000yX\u0001\u0000\u0000\u0000zX\u0001\u0000\u0000\u0000wtR."
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CheckpointReader.read(odd)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("odd.pth").hasMessageContaining("a tensor rebuilt from");
        Path junk = tmp.resolve("junk.pth");
        Files.write(junk, new byte[] {(byte) 0x80, 2, (byte) 0xff, 0});
        assertThatThrownBy(() -> CheckpointReader.read(junk)).hasMessageContaining("junk.pth");
    }

    @Test
    void theWrongKeyMapFailsClosed() {
        assertThatThrownBy(() -> Checkpoints.load(DIR.resolve("moco.pth"), "torchvision"))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("neither torchvision ResNet keys")
                .hasMessageContaining("module.encoder_q.conv1.weight")
                .hasMessageContaining("right --keymap");
        assertThatThrownBy(() -> Checkpoints.load(DIR.resolve("plain.pth"), "moco"))
                .hasMessageContaining("under 'module.encoder_q.'");
        assertThatThrownBy(() -> Checkpoints.load(DIR.resolve("swav.pth"), "simsiam"))
                .isInstanceOf(CheckpointException.class);
        assertThatThrownBy(() -> Checkpoints.load(DIR.resolve("nothing.pth"), "moco"))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> KeyMaps.named("mocov9")).hasMessageContaining("known: [torchvision, moco");
    }

    @Test
    void aMissingExtraOrMisshapenKeyFailsClosed() {
        Map<Object, Object> root = copy(CheckpointReader.read(DIR.resolve("swav.pth")));
        KeyMap swav = KeyMaps.named("swav");
        ResNetSpec spec = new ResNetSpec(new int[] {3, 4, 6, 3}, 2, 3);
        assertThat(ResNetGraph.build(spec, swav.apply(root, "swav").weights())).isNotNull();

        Map<Object, Object> missing = copy(root);
        missing.remove("module.layer3.2.bn2.running_var");
        assertThatThrownBy(() -> ResNetGraph.build(spec, swav.apply(missing, "swav").weights()))
                .hasMessageContaining("missing layer3.2.bn2.running_var");

        Map<Object, Object> extra = copy(root);
        extra.put("module.encoder_k.conv1.weight", root.get("module.conv1.weight"));
        assertThatThrownBy(() -> swav.apply(extra, "x.pth")).hasMessageContaining("module.encoder_k.conv1.weight")
                .hasMessageContaining("nor declared as ignored");

        Map<Object, Object> misshapen = copy(root);
        misshapen.put("module.layer1.0.conv1.weight", root.get("module.conv1.weight"));
        assertThatThrownBy(() -> ResNetGraph.build(spec, swav.apply(misshapen, "swav").weights()))
                .hasMessageContaining("wrong shape for layer1.0.conv1.weight");
    }

    @Test
    void halfPrecisionDecodesExactly() {
        assertThat(DType.halfToFloat((short) 0x3c00)).isEqualTo(1f);
        assertThat(DType.halfToFloat((short) 0xc000)).isEqualTo(-2f);
        assertThat(DType.halfToFloat((short) 0x0001)).isEqualTo((float) Math.pow(2, -24));
        assertThat(DType.halfToFloat((short) 0x7bff)).isEqualTo(65504f);
        assertThat(DType.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
    }

    private static Map<Object, Object> copy(Object tree) {
        return new LinkedHashMap<>((Map<?, ?>) tree);
    }

    private static void writeShortUnicode(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.write(0x8c);
        b.write(bytes.length);
        b.write(bytes, 0, bytes.length);
    }

    @Test
    void aDeeplyNestedOrSelfReferencingPickleIsRefusedNotAStackOverflow() throws IOException {
        // N nested dicts in 8 bytes each: {'a': {'a': ... {}}}
        int n = 300_000;
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(new byte[] {(byte) 0x80, 2});
        for (int i = 0; i < n; i++) {
            p.write(new byte[] {'}', 'X', 1, 0, 0, 0, 'a'});
        }
        p.write('}');
        for (int i = 0; i < n; i++) {
            p.write('s');
        }
        p.write('.');
        Path deep = tmp.resolve("deep.pkl");
        Files.write(deep, p.toByteArray());
        assertThatThrownBy(() -> CheckpointReader.read(deep)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining(deep.toString()).hasMessageContaining("more than 100 levels deep");
        // d = {}; d['a'] = d, through the memo
        Path cycle = tmp.resolve("cycle.pkl");
        Files.write(cycle, new byte[] {(byte) 0x80, 2, '}', 'q', 0, 'X', 1, 0, 0, 0, 'a', 'h', 0, 's', '.'});
        assertThatThrownBy(() -> CheckpointReader.read(cycle)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("refers to itself");
    }

    @Test
    void aByteFlippedInAStoredZipEntryFailsItsCrc() throws IOException {
        Path copy = tmp.resolve("moco.pth");
        byte[] bytes = Files.readAllBytes(DIR.resolve("moco.pth"));
        String victim;
        byte[] content;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(DIR.resolve("moco.pth").toFile())) {
            java.util.zip.ZipEntry e = zip.stream().filter(x -> x.getName().contains("/data/") && x.getSize() > 64)
                    .findFirst().orElseThrow();
            assertThat(e.getMethod()).as("torch writes stored entries").isEqualTo(java.util.zip.ZipEntry.STORED);
            victim = e.getName();
            content = zip.getInputStream(e).readAllBytes();
        }
        int at = indexOf(bytes, Arrays.copyOf(content, 32));
        assertThat(at).isPositive();
        bytes[at + 20] ^= 0x01;
        Files.write(copy, bytes);
        assertThatThrownBy(() -> CheckpointReader.read(copy)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining(copy.toString()).hasMessageContaining(victim).hasMessageContaining("CRC-32");
    }

    @Test
    void aDirectoryIsNamedAsADirectoryNotAsMissing() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("ckpt"));
        assertThatThrownBy(() -> Checkpoints.load(folder, "torchvision")).isInstanceOf(CheckpointException.class)
                .hasMessageContaining(folder + " is a directory").hasMessageNotContaining("does not exist");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

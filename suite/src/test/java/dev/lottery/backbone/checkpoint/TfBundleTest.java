package dev.lottery.backbone.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lottery.backbone.WeightTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tensor-bundle reader against checkpoints written by TensorFlow's own SaveV2 kernel. */
class TfBundleTest {

    @TempDir
    Path tmp;

    Path prefix;
    float[] kernel;

    @BeforeEach
    void save() throws IOException {
        Files.createDirectories(tmp.resolve("run"));
        prefix = tmp.resolve("run/model.ckpt-7");
        kernel = random(2 * 3 * 4, 1);
        TfSaveV2 saver = new TfSaveV2()
                .put("base_model/conv2d/kernel", new long[] {2, 3, 4}, kernel)
                .put("base_model/conv2d/kernel/Momentum", new long[] {2, 3, 4}, random(24, 2))
                .put("empty", new long[] {0, 3}, new float[0])
                .putInt64("global_step", 225206);
        // enough variables for several data blocks in the index (TF's table blocks are 4 KiB)
        for (int i = 0; i < 200; i++) {
            saver.put("many/layer_" + i + "/a_rather_long_name_to_fill_blocks/bias", new long[] {3},
                    new float[] {i, -i, 0.5f * i});
        }
        saver.save(prefix);
    }

    @Test
    void readsWhatSaveV2Wrote() throws IOException {
        try (TfBundle b = TfBundle.open(prefix)) {
            assertThat(b.entries()).hasSize(204).containsKeys("global_step", "empty", "many/layer_199/"
                    + "a_rather_long_name_to_fill_blocks/bias");
            assertThat(b.entries().get("base_model/conv2d/kernel").shape()).containsExactly(2, 3, 4);
            Map<String, RawTensor> read = b.read(List.of("global_step", "base_model/conv2d/kernel", "empty",
                    "many/layer_137/a_rather_long_name_to_fill_blocks/bias"));
            assertThat(read.keySet()).containsExactly("global_step", "base_model/conv2d/kernel", "empty",
                    "many/layer_137/a_rather_long_name_to_fill_blocks/bias");
            assertThat(read.get("base_model/conv2d/kernel").toWeight())
                    .isEqualTo(new WeightTensor(new long[] {2, 3, 4}, kernel));
            assertThat(read.get("global_step").dtype()).isEqualTo(DType.INT64);
            assertThat(read.get("global_step").toWeight().values()).containsExactly(225206f);
            assertThat(read.get("empty").shape()).containsExactly(0, 3);
            assertThat(read.get("many/layer_137/a_rather_long_name_to_fill_blocks/bias").toWeight().values())
                    .containsExactly(137f, -137f, 68.5f);
        }
        // the index spans several blocks: all 200 small variables come back in order
        assertThat(Files.size(Path.of(prefix + ".index"))).isGreaterThan(2 * 4096);
    }

    /** Two bundles merged by TF's MergeV2Checkpoints (how a sharded Saver writes): two data shards. */
    @Test
    void readsAcrossDataShards() throws IOException {
        Path second = tmp.resolve("run/part-1");
        float[] other = random(5, 9);
        new TfSaveV2().put("head_supervised/linear_layer/dense/bias", new long[] {5}, other).save(second);
        Path merged = tmp.resolve("merged/model.ckpt-9");
        TfSaveV2.merge(List.of(prefix, second), merged);
        assertThat(Path.of(merged + ".data-00001-of-00002")).exists();
        try (TfBundle b = TfBundle.open(merged)) {
            assertThat(b.entries()).hasSize(205);
            assertThat(b.entries().get("head_supervised/linear_layer/dense/bias").shard()).isEqualTo(1);
            Map<String, RawTensor> read = b.read(List.of("head_supervised/linear_layer/dense/bias",
                    "base_model/conv2d/kernel"));
            assertThat(read.get("head_supervised/linear_layer/dense/bias").toWeight().values()).containsExactly(other);
            assertThat(read.get("base_model/conv2d/kernel").toWeight().values()).containsExactly(kernel);
        }
        Files.delete(Path.of(merged + ".data-00001-of-00002"));
        assertThatThrownBy(() -> CheckpointReader.read(merged)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("missing data shard").hasMessageContaining("model.ckpt-9.data-00001-of-00002");
    }

    @Test
    void everyWayOfNamingTheCheckpointFindsIt() throws IOException {
        Path dir = prefix.getParent();
        Files.writeString(dir.resolve("checkpoint"), "model_checkpoint_path: \"gs://bucket/run/model.ckpt-7\"\n"
                + "all_model_checkpoint_paths: \"gs://bucket/run/model.ckpt-7\"\n");
        Path zip = zipFolder(dir, "ResNet50_1x");
        for (Path p : List.of(prefix, Path.of(prefix + ".index"), Path.of(prefix + ".data-00000-of-00001"), dir,
                dir.resolve("checkpoint"), zip)) {
            assertThat(TfBundle.isBundle(p)).as(p.toString()).isTrue();
            Map<?, ?> all = (Map<?, ?>) CheckpointReader.read(p);
            assertThat(all).as(p.toString()).hasSize(204);
            assertThat(((RawTensor) all.get("base_model/conv2d/kernel")).toWeight().values()).containsExactly(kernel);
        }
        assertThat(TfBundle.isBundle(CheckpointReaderTest.DIR.resolve("moco.pth"))).isFalse();
        assertThat(TfBundle.isBundle(CheckpointReaderTest.DIR.resolve("obow.zip"))).isFalse();
    }

    @Test
    void aZipWithASavedModelBesideTheCheckpointPicksTheCheckpoint() throws IOException {
        Path dir = prefix.getParent();
        Files.createDirectories(dir.resolve("hub/variables"));
        Files.copy(Path.of(prefix + ".index"), dir.resolve("hub/variables/variables.index"));
        Path zip = zipFolder(dir, "ResNet50_1x");
        try (TfBundle b = TfBundle.open(zip)) {
            assertThat(b.describe()).endsWith("ResNet50_1x.zip!ResNet50_1x/model.ckpt-7");
        }
        // a second training checkpoint without a 'checkpoint' file to choose: refused, both named
        Files.copy(Path.of(prefix + ".index"), dir.resolve("model.ckpt-8.index"));
        Path two = zipFolder(dir, "Two");
        assertThatThrownBy(() -> TfBundle.open(two)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("Two.zip").hasMessageContaining("model.ckpt-7").hasMessageContaining("model.ckpt-8");
    }

    @Test
    void aCorruptTensorIsRefusedNamingTheVariableAndTheFile() throws IOException {
        long offset;
        try (TfBundle b = TfBundle.open(prefix)) {
            offset = b.entries().get("base_model/conv2d/kernel").offset();
        }
        Path data = Path.of(prefix + ".data-00000-of-00001");
        byte[] bytes = Files.readAllBytes(data);
        bytes[(int) offset + 5] ^= 0x10;
        Files.write(data, bytes);
        assertThatThrownBy(() -> CheckpointReader.read(prefix)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("base_model/conv2d/kernel").hasMessageContaining("CRC32C")
                .hasMessageContaining("model.ckpt-7.data-00000-of-00001");
        // the other variables are still readable: only what is read is checked
        try (TfBundle b = TfBundle.open(prefix)) {
            assertThat(b.read(List.of("global_step"))).hasSize(1);
        }
    }

    @Test
    void aTruncatedIndexOrDataShardIsRefusedNamingTheFile() throws IOException {
        Path index = Path.of(prefix + ".index");
        byte[] full = Files.readAllBytes(index);
        Files.write(index, Arrays.copyOf(full, full.length - 10));
        assertThatThrownBy(() -> TfBundle.open(prefix)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.ckpt-7.index").hasMessageContaining("truncated");
        Files.write(index, Arrays.copyOf(full, full.length / 2));
        assertThatThrownBy(() -> TfBundle.open(prefix)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.ckpt-7.index");
        Files.write(index, full);

        Path data = Path.of(prefix + ".data-00000-of-00001");
        byte[] bytes = Files.readAllBytes(data);
        Files.write(data, Arrays.copyOf(bytes, 40));
        assertThatThrownBy(() -> CheckpointReader.read(prefix)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("data-00000-of-00001").hasMessageContaining("truncated");
    }

    @Test
    void aCorruptIndexBlockFailsItsChecksum() throws IOException {
        Path index = Path.of(prefix + ".index");
        byte[] bytes = Files.readAllBytes(index);
        bytes[20] ^= 0x01; // inside the first data block (the header entry)
        Files.write(index, bytes);
        assertThatThrownBy(() -> TfBundle.open(prefix)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.ckpt-7.index").hasMessageContaining("data block 0")
                .hasMessageContaining("CRC32C");
    }

    /** Marks the first data block Snappy-compressed (with a valid checksum): refused by name, not misread. */
    @Test
    void aCompressedBlockIsRefused() throws IOException {
        Path index = Path.of(prefix + ".index");
        byte[] t = Files.readAllBytes(index);
        TfTable.Cursor footer = new TfTable.Cursor(t, t.length - TfTable.FOOTER_LENGTH, "footer");
        footer.varint64();
        footer.varint64();
        TfTable.Cursor indexBlock = new TfTable.Cursor(t, (int) footer.varint64(), "index");
        indexBlock.varint32(); // shared
        int keyLength = indexBlock.varint32();
        indexBlock.varint32(); // value length
        indexBlock.at += keyLength;
        int offset = (int) indexBlock.varint64();
        int size = (int) indexBlock.varint64();
        t[offset + size] = 1;
        CRC32C crc = new CRC32C();
        crc.update(t, offset, size + 1);
        ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).putInt(offset + size + 1, TfTable.mask((int) crc.getValue()));
        Files.write(index, t);
        assertThatThrownBy(() -> TfBundle.open(prefix)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.ckpt-7.index").hasMessageContaining("Snappy");
    }

    @Test
    void notACheckpointIndex() throws IOException {
        Path junk = tmp.resolve("junk.index");
        Files.write(junk, new byte[100]);
        assertThatThrownBy(() -> CheckpointReader.read(junk)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("junk.index").hasMessageContaining("magic");
    }

    static Path zipFolder(Path dir, String name) throws IOException {
        Path zip = dir.getParent().resolve(name + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
                var files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry(name + "/" + dir.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
        return zip;
    }

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}

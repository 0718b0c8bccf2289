package dev.lottery.data;

import dev.lottery.io.Digests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardDatasetTest {
    @TempDir Path tmp;

    private static ClassList classes(int n) throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("c" + i);
        }
        return ClassList.of(names, "test");
    }

    /** Writes n gray PNG samples k000..; sample i has label i % numClasses. */
    private static void writeDataset(Path dir, int n, int perShard) throws IOException {
        try (ShardWriter w = new ShardWriter(dir, "part", perShard, classes(3))) {
            for (int i = 0; i < n; i++) {
                w.write(String.format("k%03d", i), TestImages.grayPng(4, 3, i), "png", i % 3);
            }
        }
    }

    private static List<Sample> readAll(ShardDataset ds, BadSamples bad) throws IOException {
        List<Sample> out = new ArrayList<>();
        ds.forEach(out::add, bad);
        return out;
    }

    @Test
    void roundTripKeepsKeysLabelsOrderAndShardSplit() throws IOException {
        Path dir = tmp.resolve("ds");
        writeDataset(dir, 7, 3);
        ShardDataset ds = ShardDataset.open(dir);
        assertThat(ds.shards()).extracting(p -> p.getFileName().toString())
                .containsExactly("part-000000.tar.gz", "part-000001.tar.gz", "part-000002.tar.gz");
        assertThat(ds.classes().names()).containsExactly("c0", "c1", "c2");
        BadSamples bad = new BadSamples();
        List<Sample> samples = readAll(ds, bad);
        assertThat(bad.count()).isZero();
        assertThat(samples).extracting(Sample::key)
                .containsExactly("k000", "k001", "k002", "k003", "k004", "k005", "k006");
        assertThat(samples).extracting(s -> s.labels()[0]).containsExactly(0, 1, 2, 0, 1, 2, 0);
        assertThat(samples.get(4).source()).isEqualTo("part-000001.tar.gz");
        assertThat(samples.get(5).encoded()).isEqualTo(TestImages.grayPng(4, 3, 5));
        assertThat(ds.count()).isEqualTo(7);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }
    }

    @Test
    void labelSetsIncludingEmptyAreRead() throws IOException {
        Path dir = tmp.resolve("real");
        try (ShardWriter w = new ShardWriter(dir, "real", 10, classes(5))) {
            w.write("a", TestImages.grayPng(2, 2, 0), "png", 1, 4);
            w.write("b", TestImages.grayPng(2, 2, 1), "png");
            w.write("c", TestImages.grayPng(2, 2, 2), "png", 3);
        }
        List<Sample> samples = readAll(ShardDataset.open(dir), new BadSamples());
        assertThat(samples).extracting(s -> Arrays.toString(s.labels()))
                .containsExactly("[1, 4]", "[]", "[3]");
    }

    @Test
    void missingPartsAndBadLabelsAreCountedWithReasons() throws IOException {
        Path dir = tmp.resolve("bad");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("classes.txt"), "a\nb\n");
        byte[] png = TestImages.grayPng(2, 2, 0);
        try (OutputStream out = Files.newOutputStream(dir.resolve("s-0.tar"));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TestTars.entry(tar, "good.png", png);
            TestTars.entry(tar, "good.cls", "1".getBytes(StandardCharsets.US_ASCII));
            TestTars.entry(tar, "nolabel.png", png);
            TestTars.entry(tar, "noimage.cls", "0".getBytes(StandardCharsets.US_ASCII));
            TestTars.entry(tar, "word.png", png);
            TestTars.entry(tar, "word.cls", "cat".getBytes(StandardCharsets.US_ASCII));
            TestTars.entry(tar, "range.png", png);
            TestTars.entry(tar, "range.cls", "2".getBytes(StandardCharsets.US_ASCII));
            TestTars.entry(tar, "sub/dir/x.jpg", png); // wrong extension on purpose: decoding goes by content
            TestTars.entry(tar, "sub/dir/x.cls", "0 1".getBytes(StandardCharsets.US_ASCII));
        }
        BadSamples bad = new BadSamples();
        List<Sample> samples = readAll(ShardDataset.open(dir), bad);
        assertThat(samples).extracting(Sample::key).containsExactly("good", "sub/dir/x");
        assertThat(bad.list()).extracting(BadSample::key).containsExactly("nolabel", "noimage", "word", "range");
        assertThat(bad.list().get(0).reason()).contains("missing label").contains("nolabel.cls");
        assertThat(bad.list().get(1).reason()).contains("missing image");
        assertThat(bad.list().get(2).reason()).contains("expected an integer").contains("'cat'");
        assertThat(bad.list().get(3).reason()).contains("[0, 2)").contains("found 2");
        assertThat(bad.list()).allMatch(b -> b.source().equals("s-0.tar"));
    }

    @Test
    void truncatedShardIsAnErrorNamingTheShardAfterDeliveringEarlierSamples() throws IOException {
        Path dir = tmp.resolve("trunc");
        writeDataset(dir, 40, 100);
        Path shard = dir.resolve("part-000000.tar.gz");
        byte[] bytes = Files.readAllBytes(shard);
        Files.write(shard, Arrays.copyOf(bytes, bytes.length * 2 / 3));
        List<Sample> seen = new ArrayList<>();
        ShardDataset ds = ShardDataset.open(dir);
        assertThatThrownBy(() -> ds.forEach(seen::add))
                .isInstanceOf(ShardFormatException.class)
                .hasMessageContaining("part-000000.tar.gz").hasMessageNotContaining(": null");
        assertThat(seen.size()).isLessThan(40);
    }

    @Test
    void openReportsMissingClassesAndMissingShards() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> ShardDataset.open(empty)).hasMessageContaining("classes.txt").hasMessageContaining(empty.toString());
        Files.writeString(empty.resolve("classes.txt"), "a\n");
        assertThatThrownBy(() -> ShardDataset.open(empty)).hasMessageContaining("shards").hasMessageContaining(empty.toString());
    }

    @Test
    void classListRejectsBlankAndDuplicateLinesNamingTheLine() throws IOException {
        Path f = tmp.resolve("classes.txt");
        Files.writeString(f, "a\n\nb\n");
        assertThatThrownBy(() -> ClassList.read(f)).hasMessageContaining(f + ":2").hasMessageContaining("blank");
        Files.writeString(f, "a\nb\na\n");
        assertThatThrownBy(() -> ClassList.read(f)).hasMessageContaining(f + ":3").hasMessageContaining("duplicate");
        Files.writeString(f, "n01\nn02\n");
        ClassList c = ClassList.read(f);
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.indexOf("n02")).isEqualTo(1);
        assertThat(c.indexOf("zz")).isEqualTo(-1);
        assertThat(c.name(0)).isEqualTo("n01");
    }

    @Test
    void shardBytesAreDeterministicAndFingerprintsTrackContent() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        writeDataset(a, 5, 2);
        writeDataset(b, 5, 2);
        for (String name : List.of("part-000000.tar.gz", "part-000002.tar.gz", "classes.txt")) {
            assertThat(Files.readAllBytes(a.resolve(name))).isEqualTo(Files.readAllBytes(b.resolve(name)));
        }
        ShardDataset da = ShardDataset.open(a);
        ShardDataset db = ShardDataset.open(b);
        assertThat(da.quickFingerprint()).isEqualTo(db.quickFingerprint()).hasSize(64);
        assertThat(da.fullFingerprint()).isEqualTo(db.fullFingerprint()).isNotEqualTo(da.quickFingerprint());

        // Same size, different content: a small shard is sampled whole, so both fingerprints see it.
        Path shard = b.resolve("part-000001.tar.gz");
        byte[] bytes = Files.readAllBytes(shard);
        bytes[bytes.length / 2] ^= 1;
        Files.write(shard, bytes);
        assertThat(db.quickFingerprint()).isNotEqualTo(da.quickFingerprint());
        assertThat(db.fullFingerprint()).isNotEqualTo(da.fullFingerprint());

        // Different classes.txt changes both.
        Files.writeString(b.resolve("classes.txt"), "x\ny\nz\n");
        assertThat(ShardDataset.open(b).quickFingerprint()).isNotEqualTo(da.quickFingerprint());
    }

    @Test
    void gzipHeaderHasNoTimestamp() throws IOException {
        Path dir = tmp.resolve("gz");
        writeDataset(dir, 1, 1);
        byte[] bytes = Files.readAllBytes(dir.resolve("part-000000.tar.gz"));
        assertThat(Arrays.copyOfRange(bytes, 4, 8)).containsOnly(0);
    }

    @Test
    void aLargeShardIsSampledInWindowsFromItsFirstToItsLastByte() throws IOException {
        Path big = tmp.resolve("big.bin");
        byte[] bytes = new byte[(int) Digests.SAMPLE_WHOLE_BELOW + 12345];
        new java.util.Random(1).nextBytes(bytes);
        Files.write(big, bytes);
        String before = Digests.sampledSha256Hex(big);
        for (int at : new int[] {0, bytes.length / 2 - 100, bytes.length - 1}) {
            bytes[at] ^= 1;
            Files.write(big, bytes);
            assertThat(Digests.sampledSha256Hex(big)).as("byte " + at).isNotEqualTo(before);
            bytes[at] ^= 1;
        }
        Files.write(big, bytes);
        assertThat(Digests.sampledSha256Hex(big)).isEqualTo(before);
    }
}

package dev.lottery.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {

    @TempDir
    Path dir;

    private static Bundle sample() {
        FeatureMatrix m = new FeatureMatrix(3, 2, new float[] {1, 2, 3, 4, 5, Float.NaN});
        return Bundle.of("features", m)
                .withLabelSets("labels", new int[][] {{1}, {}, {2, 7}})
                .withInts("seen", 4)
                .withTexts("bad", List.of("val\tshard-000000.tar.gz\tk3\tnot an image"));
    }

    @Test
    void roundTripKeepsEveryValueAndLabelSet() {
        ContentStore store = new ContentStore(dir);
        String key = ContentStore.key("a", 1);
        assertThat(store.get("features", key)).isEmpty();
        store.put("features", key, sample());
        Bundle back = store.get("features", key).orElseThrow();
        assertThat(back.matrix("features")).isEqualTo(sample().matrix("features"));
        assertThat(back.labelSets("labels")).isDeepEqualTo(new int[][] {{1}, {}, {2, 7}});
        assertThat(back.intArray("seen")).containsExactly(4);
        assertThat(back.textList("bad")).containsExactly("val\tshard-000000.tar.gz\tk3\tnot an image");
        assertThat(store.hits()).isEqualTo(1);
        assertThat(store.misses()).isEqualTo(1);
    }

    @Test
    void sameBundleGivesSameBytes() throws IOException {
        ContentStore store = new ContentStore(dir);
        String a = ContentStore.key("a");
        String b = ContentStore.key("b");
        store.put("x", a, sample());
        store.put("x", b, sample());
        assertThat(Files.readAllBytes(store.pathOf("x", a))).isEqualTo(Files.readAllBytes(store.pathOf("x", b)));
    }

    @Test
    void truncatedEntryIsReportedRemovedAndTreatedAsMissing() throws IOException {
        ContentStore store = new ContentStore(dir);
        String key = ContentStore.key("truncated");
        store.put("features", key, sample());
        Path file = store.pathOf("features", key);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThat(store.get("features", key)).isEmpty();
        assertThat(store.problems()).singleElement().asString()
                .contains(file.toString()).contains("damaged cache entry");
        assertThat(file).doesNotExist();
    }

    @Test
    void flippedByteIsCaughtByTheChecksum() throws IOException {
        ContentStore store = new ContentStore(dir);
        String key = ContentStore.key("flipped");
        store.put("features", key, sample());
        Path file = store.pathOf("features", key);
        byte[] bytes = Files.readAllBytes(file);
        bytes[40] ^= 0x10;
        Files.write(file, bytes);
        assertThat(store.get("features", key)).isEmpty();
        assertThat(store.problems()).singleElement().asString().contains("checksum");
    }

    @Test
    void writesLeaveNoTempFiles() throws IOException {
        ContentStore store = new ContentStore(dir);
        for (int i = 0; i < 5; i++) {
            store.put("heads", ContentStore.key(i), sample());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .hasSize(5).allMatch(n -> n.endsWith(".bin"));
        }
    }

    @Test
    void keysSeparateTheirParts() {
        assertThat(ContentStore.key("ab", "c")).isNotEqualTo(ContentStore.key("a", "bc"));
        assertThat(ContentStore.key("x", 1)).isEqualTo(ContentStore.key("x", "1")).hasSize(64);
    }

    @Test
    void rejectsKeysThatAreNotDigests() {
        assertThatThrownBy(() -> new ContentStore(dir).pathOf("x", "../etc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hex");
    }
}

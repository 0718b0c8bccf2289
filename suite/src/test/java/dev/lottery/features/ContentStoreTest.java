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

    /** The sample stored as a features entry under {@code key}: its file. */
    private static Path storedSample(ContentStore store, String key) {
        store.put("features", key, sample());
        return store.pathOf("features", key);
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
        Path file = storedSample(store, key);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThat(store.get("features", key)).isEmpty();
        assertThat(store.problems()).singleElement().asString()
                .contains(file.toString()).contains("damaged cache entry");
        assertThat(file).doesNotExist();
    }

    @Test
    void anIntArrayClaimingMoreValuesThanItsDirectoryHoldsIsADamagedEntry() throws Exception {
        ContentStore store = new ContentStore(dir);
        String key = ContentStore.key("overlong");
        Path file = storedSample(store, key);
        byte[] bytes = Files.readAllBytes(file);
        // the directory's "seen" record: type 2, the name as writeUTF writes it, then its count (1)
        byte[] record = {2, 0, 4, 's', 'e', 'e', 'n', 0, 0, 0, 1};
        int at = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                .indexOf(new String(record, java.nio.charset.StandardCharsets.ISO_8859_1)); // one char per byte
        assertThat(at).isPositive();
        java.nio.ByteBuffer.wrap(bytes, at + 7, 4).putInt(1 << 30); // 4 GiB of ints: an int array's size overflows
        // a sound checksum over the changed bytes, so that only the directory's own check can refuse it
        byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(
                java.util.Arrays.copyOf(bytes, bytes.length - 32));
        System.arraycopy(sha, 0, bytes, bytes.length - 32, 32);
        Files.write(file, bytes);

        assertThat(store.get("features", key)).isEmpty();
        assertThat(store.problems()).singleElement().asString().contains(file.toString())
                .contains("int array 'seen' claims 1073741824 values, more than the directory holds");
        assertThat(file).doesNotExist();
    }

    @Test
    void flippedByteIsCaughtByTheChecksum() throws IOException {
        ContentStore store = new ContentStore(dir);
        String key = ContentStore.key("flipped");
        Path file = storedSample(store, key);
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

    /** 1,000 rows of 7 values, row i holding i*7 .. i*7+6, streamed in batches of 64 rows. */
    private static Bundle streamThousandRows(ContentStore store, String key) {
        try (ContentStore.Draft draft = store.draft("features", key, "features")) {
            for (int start = 0; start < 1000; start += 64) {
                int n = Math.min(64, 1000 - start);
                float[] v = new float[n * 7];
                for (int i = 0; i < v.length; i++) {
                    v[i] = start * 7 + i;
                }
                draft.append(new FeatureMatrix(n, 7, v));
            }
            assertThat(draft.rows()).isEqualTo(1000);
            return draft.commit(Bundle.empty().withInts("seen", 1000).withTexts("bad", List.of("none")), () -> 7);
        }
    }

    @Test
    void streamedRowsAreMappedBackInChunksAcrossBoundaries() {
        // chunks of 2,400 values = 342 rows: 3 chunks for 1,000 rows, not aligned with the batches of 64
        ContentStore store = new ContentStore(dir, 2400);
        String key = ContentStore.key("streamed");
        Bundle written = streamThousandRows(store, key);
        Bundle read = new ContentStore(dir, 2400).get("features", key).orElseThrow();
        for (Bundle b : List.of(written, read)) {
            FeatureRows rows = b.rows("features");
            assertThat(rows.chunkCount()).isEqualTo(3);
            assertThat(rows.rows()).isEqualTo(1000);
            assertThat(rows.cols()).isEqualTo(7);
            float[] all = rows.toMatrix().values();
            for (int i = 0; i < all.length; i++) {
                assertThat(all[i]).isEqualTo((float) i);
            }
            assertThat(b.intArray("seen")).containsExactly(1000);
            assertThat(b.textList("bad")).containsExactly("none");
        }
        // the chunk size is a reading choice, not part of the file
        FeatureRows oneChunk = new ContentStore(dir).get("features", key).orElseThrow().rows("features");
        assertThat(oneChunk.chunkCount()).isEqualTo(1);
        assertThat(oneChunk).isEqualTo(read.rows("features"));
    }

    @Test
    void aStreamedEntryIsVisibleOnlyOnceCommitted() throws IOException {
        ContentStore store = new ContentStore(dir, 100);
        String key = ContentStore.key("abandoned");
        try (ContentStore.Draft draft = store.draft("features", key, "features")) {
            draft.append(new FeatureMatrix(2, 3, new float[6]));
            assertThat(store.pathOf("features", key)).doesNotExist();
            // closed without commit, as when extraction fails
        }
        assertThat(store.get("features", key)).isEmpty();
        assertThat(store.leftoverTempFiles()).isEmpty();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void aDamagedStreamedEntryIsCaughtRemovedAndRecomputed() throws IOException {
        ContentStore store = new ContentStore(dir, 2400);
        String key = ContentStore.key("damaged-stream");
        streamThousandRows(store, key);
        Path file = store.pathOf("features", key);
        byte[] bytes = Files.readAllBytes(file);
        bytes[64 + 4 * 5000] ^= 0x01; // one feature value in the middle chunk
        Files.write(file, bytes);
        assertThat(store.get("features", key)).isEmpty();
        assertThat(store.problems()).singleElement().asString().contains(file.toString()).contains("checksum");
        assertThat(file).doesNotExist();
        streamThousandRows(store, key);
        assertThat(store.get("features", key)).get().satisfies(b -> assertThat(b.rows("features").get(999, 6))
                .isEqualTo(6999f));
    }

    @Test
    void putWritesChunkedRowsAndReadsThemBackEqual() {
        ContentStore store = new ContentStore(dir, 10);
        FeatureRows.Builder b = FeatureRows.builder(4, 8);
        float[] v = new float[40 * 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(i);
        }
        FeatureRows rows = b.append(v, 0, 40).build();
        assertThat(rows.chunkCount()).isEqualTo(20);
        String key = ContentStore.key("chunked-put");
        store.put("features", key, Bundle.of("features", rows));
        FeatureRows back = store.get("features", key).orElseThrow().rows("features");
        assertThat(back.chunkCount()).isEqualTo(20);
        assertThat(back.toMatrix()).isEqualTo(new FeatureMatrix(40, 4, v));
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

    @Test
    void leftoversOfDeadWritersAreRemovedAndSaidWorkInProgressIsKept() throws Exception {
        ContentStore store = new ContentStore(dir);
        String key = ContentStore.key("a", 1);
        store.put("features", key, sample());
        Path folder = store.pathOf("features", key).getParent();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String host = TempOwner.current().host();
        Path dead = folder.resolve(key + ".p" + gone.pid() + "@" + host + ".123.tmp");
        Files.write(dead, new byte[3 << 20]);
        Path live = folder.resolve(key + TempOwner.current().tag() + "456.tmp");
        Files.write(live, new byte[10]);
        Path oldUnnamed = folder.resolve(key + ".789.tmp");
        Files.write(oldUnnamed, new byte[10]);
        Files.setLastModifiedTime(oldUnnamed, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofHours(2))));
        Path freshUnnamed = folder.resolve(key + ".790.tmp");
        Files.write(freshUnnamed, new byte[10]);
        // a live process of the named pid, but untouched for two days: that pid was reused
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        Path reused = folder.resolve(key + ".p" + parent + "@" + host + ".5.tmp");
        Files.write(reused, new byte[10]);
        Files.setLastModifiedTime(reused, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofDays(2))));
        Path liveOther = folder.resolve(key + ".p" + parent + "@" + host + ".6.tmp");
        Files.write(liveOther, new byte[10]);
        // a segment whose final entry exists is redundant; one whose final entry does not is resumable work
        String done = ContentStore.key("seg", 0);
        store.put("feature-segments", done, sample().withTexts(ContentStore.SUPERSEDED_BY, List.of("features", key)));
        String pending = ContentStore.key("seg", 1);
        store.put("feature-segments", pending, sample().withTexts(ContentStore.SUPERSEDED_BY,
                List.of("features", ContentStore.key("not", "done"))));
        String abandoned = ContentStore.key("seg", 2);
        store.put("feature-segments", abandoned, sample().withTexts(ContentStore.SUPERSEDED_BY,
                List.of("features", ContentStore.key("never", "done"))));
        Files.setLastModifiedTime(store.pathOf("feature-segments", abandoned), java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofDays(8))));
        Path empty = Files.createDirectories(dir.resolve("heads/ab"));

        List<String> said = store.removeLeftovers();

        assertThat(said).hasSize(2);
        assertThat(said.get(0)).contains("removed 3 temp file(s) of killed runs (3.0 MiB)");
        assertThat(said.get(1)).contains("removed 2 entr(ies) made redundant");
        assertThat(store.problems()).containsAll(said);
        assertThat(dead).doesNotExist();
        assertThat(oldUnnamed).doesNotExist();
        assertThat(live).exists();
        assertThat(freshUnnamed).exists();
        assertThat(reused).doesNotExist();
        assertThat(liveOther).exists();
        assertThat(store.pathOf("feature-segments", done)).doesNotExist();
        assertThat(store.pathOf("feature-segments", pending)).exists();
        assertThat(store.pathOf("feature-segments", abandoned)).doesNotExist();
        assertThat(store.pathOf("features", key)).exists();
        assertThat(empty).doesNotExist();
        assertThat(new ContentStore(dir).removeLeftovers()).isEmpty();
    }

    @Test
    void tempFilesNameTheirWriter() {
        ContentStore store = new ContentStore(dir);
        String key = ContentStore.key("b");
        try (ContentStore.Draft d = store.draft("features", key, "features")) {
            try (Stream<Path> files = Files.list(store.pathOf("features", key).getParent())) {
                assertThat(files).singleElement().satisfies(p -> assertThat(TempOwner.of(p.getFileName().toString()))
                        .contains(TempOwner.current()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}

package dev.lottery.run;

import dev.lottery.data.DatasetMismatchException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lottery.backbone.Backbone;
import dev.lottery.catalog.Variant;
import dev.lottery.catalog.Where;
import dev.lottery.data.ClassList;
import dev.lottery.data.Preprocessing;
import dev.lottery.data.ShardWriter;
import dev.lottery.features.ContentStore;
import dev.lottery.features.FeatureMatrix;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 300-sample split extracted in segments of 64 (so one batch per segment, five segments, the last
 * of 44): a killed run resumes at the first missing segment and ends with the very file an
 * uninterrupted run writes. Sample 70 is not an image and sample 200 is wider than the rest, so
 * both kinds of bad sample fall inside segments.
 */
class FeatureStageResumeTest {

    static final int ROWS = 300;
    static final int SEGMENT = 64;

    @TempDir
    Path dir;

    Path split;

    @BeforeEach
    void dataset() throws IOException {
        split = dir.resolve("data/train");
        try (ShardWriter w = new ShardWriter(split, "shard", 100, ClassList.of(List.of("a", "b", "c"), "test"))) {
            for (int i = 0; i < ROWS; i++) {
                BufferedImage img = new BufferedImage(i == 200 ? 5 : 4, 4, BufferedImage.TYPE_BYTE_GRAY);
                img.getRaster().setSample(0, 0, 0, i % 256);
                img.getRaster().setSample(1, 0, 0, i / 256);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageIO.write(img, "png", out);
                byte[] bytes = i == 70 ? new byte[] {1, 2, 3} : out.toByteArray();
                w.write(String.format("s%05d", i), bytes, "png", i % 3);
            }
        }
    }

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private FeatureSet extract(ContentStore store, int segment, Backbone model) throws IOException {
        return extract(store, segment, model, ROWS);
    }

    private FeatureSet extract(ContentStore store, int segment, Backbone model, int declared) throws IOException {
        return extract(store, segment, model, declared, false);
    }

    private FeatureSet extract(ContentStore store, int segment, Backbone model, int declared, boolean full)
            throws IOException {
        Variant train = new Variant("train", split, declared, new dev.lottery.score.ScoringRule.Top1(), "train",
                new Where(dir.resolve("variants.csv"), 2));
        Preprocessing raw = new Preprocessing("raw", 0, 0, "bilinear", new float[] {0}, new float[] {1}, 1);
        FeatureStage stage = new FeatureStage(store, 2, new Progress(false, new PrintStream(log, true)), segment);
        return stage.features("test", RawPixels.ORIGIN, () -> model, train, SplitLocator.spec(train, null, null, null), raw,
                full);
    }

    private static byte[] finalEntry(ContentStore store, FeatureSet set) throws IOException {
        return Files.readAllBytes(store.pathOf("features", set.key()));
    }

    private static List<Path> segmentFiles(ContentStore store) throws IOException {
        Path kind = store.root().resolve(Segmented.KIND);
        if (!Files.isDirectory(kind)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(kind)) {
            // the segment entries (each has its provenance text beside it, not counted)
            return walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".bin")).toList();
        }
    }

    private static void interruptAfterThreeSegments(FeatureStageResumeTest t, ContentStore store) {
        RawPixels killed = new RawPixels(3);
        assertThatThrownBy(() -> t.extract(store, SEGMENT, killed)).hasMessageContaining("killed at batch 3");
    }

    @Test
    void aKilledRunResumesAtTheFirstMissingSegmentAndWritesTheSameEntry() throws IOException {
        ContentStore whole = new ContentStore(dir.resolve("whole"));
        RawPixels uninterrupted = new RawPixels(-1);
        FeatureSet expected = extract(whole, SEGMENT, uninterrupted);
        assertThat(uninterrupted.batches).isEqualTo(5);
        assertThat(expected.seen()).isEqualTo(ROWS);
        assertThat(expected.badSamples()).hasSize(2);
        assertThat(expected.badSamples().get(0).line()).contains("s00070");
        assertThat(expected.badSamples().get(1).line()).contains("s00200").contains("differs from the first image's");
        assertThat(expected.features().rows()).isEqualTo(ROWS - 2);
        assertThat(segmentFiles(whole)).isEmpty();

        ContentStore resumed = new ContentStore(dir.resolve("resumed"));
        interruptAfterThreeSegments(this, resumed);
        assertThat(segmentFiles(resumed)).hasSize(3);
        assertThat(resumed.pathOf("features", expected.key())).doesNotExist();

        RawPixels rest = new RawPixels(-1);
        FeatureSet again = extract(resumed, SEGMENT, rest);
        assertThat(rest.batches).as("only segments 3 and 4 are extracted").isEqualTo(2);
        assertThat(log.toString()).contains("resuming train at sample 192 of 300 (3 of 5 segments cached)");
        assertThat(finalEntry(resumed, again)).isEqualTo(finalEntry(whole, expected));
        assertThat(again.seen()).isEqualTo(expected.seen());
        assertThat(again.badSamples()).isEqualTo(expected.badSamples());
        assertThat(again.labels()).isDeepEqualTo(expected.labels());
        assertThat(again.features()).isEqualTo(expected.features());
        assertThat(segmentFiles(resumed)).isEmpty();
        assertThat(resumed.problems()).isEmpty();

        // segmenting changes nothing: one segment for the whole split gives the same rows, bad list and count
        FeatureSet oneSegment = extract(new ContentStore(dir.resolve("one")), 1 << 16, new RawPixels(-1));
        assertThat(oneSegment.features()).isEqualTo(expected.features());
        assertThat(oneSegment.badSamples()).isEqualTo(expected.badSamples());
        assertThat(oneSegment.seen()).isEqualTo(expected.seen());
        assertThat(oneSegment.labels()).isDeepEqualTo(expected.labels());
    }

    @Test
    void aDamagedSegmentIsRemovedAndRecomputed() throws IOException {
        ContentStore whole = new ContentStore(dir.resolve("whole"));
        FeatureSet expected = extract(whole, SEGMENT, new RawPixels(-1));

        ContentStore damaged = new ContentStore(dir.resolve("damaged"));
        interruptAfterThreeSegments(this, damaged);
        Path second = damaged.pathOf(Segmented.KIND, new Segmented(damaged, expected.provenance(), SEGMENT).segmentKey(1));
        byte[] bytes = Files.readAllBytes(second);
        bytes[bytes.length / 3] ^= 0x40;
        Files.write(second, bytes);

        RawPixels rest = new RawPixels(-1);
        FeatureSet again = extract(damaged, SEGMENT, rest);
        assertThat(damaged.problems()).singleElement().asString().contains(second.toString()).contains("checksum");
        assertThat(rest.batches).as("segments 1 to 4").isEqualTo(4);
        assertThat(log.toString()).contains("resuming train at sample 64 of 300 (1 of 5 segments cached)");
        assertThat(finalEntry(damaged, again)).isEqualTo(finalEntry(whole, expected));
        assertThat(segmentFiles(damaged)).isEmpty();
    }

    @Test
    void allSegmentsCachedButNoFinalEntryJoinsThemWithoutTheBackbone() throws IOException {
        ContentStore whole = new ContentStore(dir.resolve("whole"));
        FeatureSet expected = extract(whole, SEGMENT, new RawPixels(-1));

        // a wrong declared count fails after the last segment, before the final entry
        ContentStore store = new ContentStore(dir.resolve("store"));
        assertThatThrownBy(() -> extract(store, SEGMENT, new RawPixels(-1), ROWS + 1))
                .isInstanceOf(DatasetMismatchException.class).hasMessageContaining("found 300 samples");
        assertThat(segmentFiles(store)).hasSize(5);
        FeatureSet joined = extract(store, SEGMENT, new RawPixels(0));
        assertThat(log.toString()).contains("resuming train at sample 300 of 300 (5 of 5 segments cached)");
        assertThat(finalEntry(store, joined)).isEqualTo(finalEntry(whole, expected));
        assertThat(segmentFiles(store)).isEmpty();
    }

    @Test
    void aCompleteEntryIsNotResumedAndOpensNoBackbone() throws IOException {
        ContentStore store = new ContentStore(dir.resolve("store"));
        FeatureSet first = extract(store, SEGMENT, new RawPixels(-1));
        // segments left by a run killed between its final commit and their removal
        ContentStore killed = new ContentStore(dir.resolve("killed"));
        interruptAfterThreeSegments(this, killed);
        for (Path segment : segmentFiles(killed)) {
            Path to = store.root().resolve(killed.root().relativize(segment));
            Files.createDirectories(to.getParent());
            Files.copy(segment, to);
        }
        assertThat(segmentFiles(store)).hasSize(3);
        FeatureSet cached = extract(store, SEGMENT, new RawPixels(0));
        assertThat(cached.fromCache()).isTrue();
        assertThat(cached.features()).isEqualTo(first.features());
        assertThat(log.toString()).doesNotContain("resuming");
        assertThat(segmentFiles(store)).isEmpty();
    }

    @Test
    void aReadErrorMidShardCommitsNoPartialSegmentAndARepairedShardResumes() throws IOException {
        ContentStore whole = new ContentStore(dir.resolve("whole"));
        FeatureSet expected = extract(whole, SEGMENT, new RawPixels(-1));

        // flip bytes in the middle of the last shard (same size, so the same key): its samples 200.. fail to read
        Path last = split.resolve("shard-000002.tar.gz");
        byte[] good = Files.readAllBytes(last);
        byte[] bad = flippedMiddle(good);
        Files.write(last, bad);
        ContentStore store = new ContentStore(dir.resolve("store"));
        assertThatThrownBy(() -> extract(store, SEGMENT, new RawPixels(-1))).hasMessageContaining("shard-000002");
        // whole segments before the damage stay; the one the damage cut short is never committed
        List<Path> kept = segmentFiles(store);
        assertThat(kept).hasSize(3);

        // the restored shard is the original split again: extracted in full, the same entry as an uninterrupted run
        Files.write(last, good);
        FeatureSet again = extract(store, SEGMENT, new RawPixels(-1));
        assertThat(finalEntry(store, again)).isEqualTo(finalEntry(whole, expected));
        assertThat(again.seen()).isEqualTo(ROWS);
    }

    @Test
    void aSameSizeCorruptedShardIsNoWarmCacheHit() throws IOException {
        ContentStore store = new ContentStore(dir.resolve("store"));
        FeatureSet cold = extract(store, SEGMENT, new RawPixels(-1));
        assertThat(extract(store, SEGMENT, new RawPixels(0)).fromCache()).isTrue();
        FeatureSet byContent = extract(store, SEGMENT, new RawPixels(-1), ROWS, true);
        assertThat(byContent.key()).as("the content fingerprint keys features when computed").isNotEqualTo(cold.key());
        assertThat(byContent.features()).isEqualTo(cold.features());
        Path last = split.resolve("shard-000002.tar.gz");
        Files.write(last, flippedMiddle(Files.readAllBytes(last)));
        // the old features are not served for the changed shard: it is read again, and its damage found
        assertThatThrownBy(() -> extract(store, SEGMENT, new RawPixels(-1))).hasMessageContaining("shard-000002");
        assertThat(store.pathOf("features", cold.key())).exists();
    }

    @Test
    void aSegmentIsCommittedOnlyOnceTheShardsItWasReadFromPassedTheirChecksum() throws IOException {
        ContentStore whole = new ContentStore(dir.resolve("whole"));
        FeatureSet expected = extract(whole, SEGMENT, new RawPixels(-1));

        // every sample of shard 1 (positions 100..199) reads fine; its gzip CRC, checked at its end, does not match
        Path middle = split.resolve("shard-000001.tar.gz");
        byte[] good = Files.readAllBytes(middle);
        byte[] bad = good.clone();
        bad[bad.length - 8] ^= 0x01;
        Files.write(middle, bad);
        ContentStore store = new ContentStore(dir.resolve("store"));
        assertThatThrownBy(() -> extract(store, SEGMENT, new RawPixels(-1))).hasMessageContaining("shard-000001");
        // segment 0 came from shard 0 alone; segments 1 and 2 were complete but read from shard 1: discarded
        assertThat(segmentFiles(store)).hasSize(1);
        assertThat(store.leftoverTempFiles()).isEmpty();

        Files.write(middle, good);
        FeatureSet again = extract(store, SEGMENT, new RawPixels(-1));
        assertThat(finalEntry(store, again)).isEqualTo(finalEntry(whole, expected));
    }

    @Test
    void aSplitThatFitsOneSegmentIsWrittenOnceStraightIntoTheSameFinalEntry() throws IOException {
        ContentStore segmented = new ContentStore(dir.resolve("segmented"));
        FeatureSet expected = extract(segmented, SEGMENT, new RawPixels(-1));
        ContentStore store = new ContentStore(dir.resolve("store"));
        RawPixels raw = new RawPixels(-1);
        List<Integer> segmentsAtEachBatch = new java.util.ArrayList<>();
        Backbone watched = new Backbone() {
            @Override
            public String id() {
                return raw.id();
            }

            @Override
            public int featureDim() {
                return raw.featureDim();
            }

            @Override
            public FeatureMatrix extract(float[] nhwc, int n, int height, int width, int channels) {
                try {
                    segmentsAtEachBatch.add(segmentFiles(store).size()
                            + (Files.exists(store.root().resolve(Segmented.KIND)) ? 1 : 0));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return raw.extract(nhwc, n, height, width, channels);
            }

            @Override
            public void close() {}
        };
        FeatureSet whole = extract(store, ROWS, watched);
        assertThat(finalEntry(store, whole)).isEqualTo(finalEntry(segmented, expected));
        assertThat(whole.seen()).isEqualTo(ROWS);
        assertThat(whole.badSamples()).isEqualTo(expected.badSamples()).hasSize(2);
        assertThat(segmentsAtEachBatch).as("no segment is ever written").hasSize(2).containsOnly(0);
        assertThat(segmentFiles(store)).isEmpty();
    }

    @Test
    void aSplitOfOneSegmentKilledMidwayLeavesNothingAndIsExtractedAgainInFull() throws IOException {
        ContentStore whole = new ContentStore(dir.resolve("whole"));
        FeatureSet expected = extract(whole, SEGMENT, new RawPixels(-1));
        ContentStore store = new ContentStore(dir.resolve("store"));
        assertThatThrownBy(() -> extract(store, ROWS, new RawPixels(1))).hasMessageContaining("killed at batch 1");
        assertThat(store.pathOf("features", expected.key())).doesNotExist();
        try (Stream<Path> walk = Files.walk(store.root())) {
            assertThat(walk.filter(Files::isRegularFile)).as("no entry, segment or temp file").isEmpty();
        }
        RawPixels again = new RawPixels(-1);
        FeatureSet set = extract(store, ROWS, again);
        assertThat(again.batches).as("from the start: 256 + 44 positions").isEqualTo(2);
        assertThat(log.toString()).doesNotContain("resuming");
        assertThat(finalEntry(store, set)).isEqualTo(finalEntry(whole, expected));
    }

    @Test
    void aReadErrorInASplitOfOneSegmentPublishesNothingAndTheRepairedSplitGivesTheSameEntry() throws IOException {
        ContentStore whole = new ContentStore(dir.resolve("whole"));
        FeatureSet expected = extract(whole, SEGMENT, new RawPixels(-1));
        Path last = split.resolve("shard-000002.tar.gz");
        byte[] good = Files.readAllBytes(last);
        Files.write(last, flippedMiddle(good));
        ContentStore store = new ContentStore(dir.resolve("store"));
        assertThatThrownBy(() -> extract(store, ROWS, new RawPixels(-1))).hasMessageContaining("shard-000002");
        assertThat(store.pathOf("features", expected.key())).doesNotExist();
        assertThat(segmentFiles(store)).isEmpty();
        assertThat(store.leftoverTempFiles()).isEmpty();
        Files.write(last, good);
        FeatureSet again = extract(store, ROWS, new RawPixels(-1));
        assertThat(finalEntry(store, again)).isEqualTo(finalEntry(whole, expected));
    }

    /** A copy with 100 bytes in the middle flipped: the same size (so the same quick key), unreadable there. */
    private static byte[] flippedMiddle(byte[] good) {
        byte[] bad = good.clone();
        for (int i = bad.length / 2; i < bad.length / 2 + 100; i++) {
            bad[i] ^= 0x5a;
        }
        return bad;
    }
}

package dev.lottery.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@link ImagePipeline} runs that start part-way and cut at segment boundaries ({@link Segments}). */
class ImagePipelineSegmentsTest {

    private static final Preprocessing GRAY = new Preprocessing("gray", 0, 0, "bilinear",
            new float[] {0f}, new float[] {1f}, 1);

    /**
     * 22 samples in memory plus 2 that cannot be listed (reported before samples 6 and 15), so 24
     * positions; sample 3 is garbage, samples 9 and 17 are 5 pixels wide instead of 4. Counts reads.
     */
    private static class Memory implements SampleSource {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public String layout() {
            return "memory";
        }

        @Override
        public Path root() {
            return Path.of("memory");
        }

        @Override
        public ClassList classes() {
            try {
                return ClassList.of(List.of("a", "b"), "t");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void forEach(Consumer<Sample> sink, BadSamples bad) throws java.io.IOException {
            for (int i = 0; i < 22; i++) {
                if (i == 6 || i == 15) {
                    bad.add("memory", "unlisted" + i, "missing label");
                }
                int id = i;
                byte[] img = i == 3 ? new byte[] {1, 2, 3} : TestImages.grayPng(i == 9 || i == 17 ? 5 : 4, 3, i);
                sink.accept(new Sample("memory", "s" + i, () -> {
                    reads.incrementAndGet();
                    return img;
                }, new int[] {id % 2}));
            }
        }

        @Override
        public int count() {
            return 22;
        }

        @Override
        public String quickFingerprint() {
            return "m";
        }

        @Override
        public String fullFingerprint() {
            return "m";
        }
    }

    /** {@link Memory} whose listing fails after {@code failAfter} samples, as a shard that is corrupt part-way. */
    private static final class FailingMemory extends Memory {
        final int failAfter;

        FailingMemory(int failAfter) {
            this.failAfter = failAfter;
        }

        @Override
        public void forEach(Consumer<Sample> sink, BadSamples bad) throws java.io.IOException {
            int[] n = {0};
            try {
                super.forEach(s -> {
                    if (n[0]++ == failAfter) {
                        throw new java.io.UncheckedIOException(new java.io.IOException("Corrupted TAR archive"));
                    }
                    sink.accept(s);
                }, bad);
            } catch (java.io.UncheckedIOException e) {
                throw new ShardFormatException("shard memory is truncated or corrupt", e.getCause());
            }
        }
    }

    /** What a run delivered: batch keys (one list per batch), bad keys, segment ends with their size. */
    private record Outcome(List<List<String>> batches, List<String> bad, List<String> ends, PipelineStats stats) {}

    private static Outcome run(SampleSource ds, Segments cut) throws Exception {
        List<List<String>> batches = new ArrayList<>();
        List<String> ends = new ArrayList<>();
        BadSamples bad = new BadSamples();
        PipelineStats stats = ImagePipeline.run(ds, GRAY, 3, 2, bad, b -> batches.add(List.of(b.keys())),
                new Segments(cut.skip(), cut.size(), cut.height(), cut.width(),
                        (position, h, w) -> ends.add(position + ":" + h + "x" + w)));
        return new Outcome(batches, bad.list().stream().map(BadSample::key).toList(), ends, stats);
    }

    @Test
    void badSamplesTakePositionsInListingOrderAndNoBatchSpansASegment() throws Exception {
        Outcome whole = run(new Memory(), new Segments(0, 5, -1, -1, null));
        assertThat(whole.bad()).containsExactly("s3", "unlisted6", "s9", "unlisted15", "s17");
        assertThat(whole.stats()).isEqualTo(new PipelineStats(19, 5));
        // positions: s0..s5 = 0..5, unlisted6 = 6, s6 = 7, ...: segments end at 5, 10, ..., 20 and 24
        assertThat(whole.ends()).containsExactly("5:3x4", "10:3x4", "15:3x4", "20:3x4", "24:3x4");
        assertThat(whole.batches().get(0)).containsExactly("s0", "s1", "s2");
        assertThat(whole.batches().get(1)).containsExactly("s4"); // cut at position 5 (s3 is bad)
        assertThat(whole.batches().get(2)).containsExactly("s5", "s6", "s7"); // unlisted6 at position 6
    }

    @Test
    void aRunFromASegmentBoundaryDeliversTheRestOfTheWholeRunWithoutReadingTheSkippedSamples() throws Exception {
        Outcome whole = run(new Memory(), new Segments(0, 5, -1, -1, null));
        for (int k = 1; k <= 4; k++) {
            Memory ds = new Memory();
            // the output size in force at the previous segment's end, as a resumed caller keeps it
            Outcome rest = run(ds, new Segments(5 * k, 5, 3, 4, null));
            assertThat(rest.ends()).isEqualTo(whole.ends().subList(k, whole.ends().size()));
            assertThat(rest.batches()).isEqualTo(whole.batches().subList(whole.batches().size() - rest.batches().size(),
                    whole.batches().size()));
            assertThat(whole.bad()).endsWith(rest.bad().toArray(String[]::new));
            int skippedSamples = k == 1 ? 5 : k == 2 ? 9 : k == 3 ? 14 : 18;
            assertThat(ds.reads.get()).as("reads from segment %d", k).isEqualTo(22 - skippedSamples);
            assertThat(rest.stats().delivered() + rest.stats().bad()).isEqualTo(24 - 5 * k);
        }
        // without the size in force, the first image decides: the 5-wide s9 would then be kept
        Outcome unknownSize = run(new Memory(), new Segments(10, 5, -1, -1, null));
        assertThat(unknownSize.bad()).doesNotContain("s9");
    }

    @Test
    void noCutsIsTheUsualRun() throws Exception {
        BadSamples bad = new BadSamples();
        List<List<String>> batches = new ArrayList<>();
        PipelineStats stats = ImagePipeline.run(new Memory(), GRAY, 3, 1, bad, b -> batches.add(List.of(b.keys())));
        assertThat(stats).isEqualTo(new PipelineStats(19, 5));
        assertThat(batches.stream().map(List::size).toList()).containsExactly(3, 3, 3, 3, 3, 3, 1);
        assertThat(bad.list()).extracting(BadSample::key).containsExactly("s3", "unlisted6", "s9", "unlisted15", "s17");
    }

    @Test
    void aSourceFailingPartWayEndsOnlyTheSegmentsItReadWhole() {
        List<String> ends = new ArrayList<>();
        // 13 samples listed (positions 0..13 with unlisted6): segments end at 5 and 10; 10..13 is cut short
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImagePipeline.run(new FailingMemory(13), GRAY, 3, 2,
                new BadSamples(), b -> { }, new Segments(0, 5, -1, -1, (position, h, w) -> ends.add("" + position))))
                .isInstanceOf(ShardFormatException.class);
        assertThat(ends).containsExactly("5", "10");
    }

    /** Everything a consumer of a run sees: batches (keys, labels, floats), bad samples, segment ends and verified marks. */
    private record Seen(List<String> events, List<BadSample> bad, PipelineStats stats) {}

    private static Seen seen(SampleSource ds, DecodedPasses.Slot slot, int skip, int height, int width) throws Exception {
        return seen(ds, GRAY, slot, skip, height, width);
    }

    private static Seen seen(SampleSource ds, Preprocessing prep, DecodedPasses.Slot slot, int skip, int height,
            int width) throws Exception {
        List<String> events = new ArrayList<>();
        BadSamples bad = new BadSamples();
        PipelineStats stats = ImagePipeline.run(ds, new Preprocessor(prep), 3, 2, bad,
                b -> events.add("batch " + List.of(b.keys()) + java.util.Arrays.deepToString(b.labels())
                        + java.util.Arrays.toString(b.nhwc())),
                new Segments(skip, 5, height, width, new Segments.End() {
                    @Override
                    public void reached(int position, int h, int w) {
                        events.add("end " + position + ":" + h + "x" + w);
                    }

                    @Override
                    public void verified(int position) {
                        events.add("verified " + position);
                    }
                }), slot);
        return new Seen(events, bad.list(), stats);
    }

    @Test
    void aKeptPassIsReplayedExactlyWithoutReadingAndOnlyForTheSameSourceAndTransform() throws Exception {
        Memory ds = new Memory();
        DecodedPasses passes = new DecodedPasses(1 << 20);
        Seen plain = seen(new Memory(), null, 0, -1, -1);
        Seen recorded = seen(ds, passes.slot(ds, GRAY), 0, -1, -1);
        assertThat(ds.reads.get()).isEqualTo(22);
        Seen replayed = seen(ds, passes.slot(ds, GRAY), 0, -1, -1);
        assertThat(ds.reads.get()).as("a replay reads nothing").isEqualTo(22);
        assertThat(recorded).isEqualTo(plain);
        assertThat(replayed).isEqualTo(plain);
        // 19 good 3x4 images and the two 3x5 (bad later), as floats and as decoded pixels
        assertThat(passes.heldValues()).isEqualTo(2 * (19 * 12 + 2 * 15));

        Preprocessing other = new Preprocessing("gray2", 0, 0, "bilinear", new float[] {0.5f}, new float[] {1f}, 1);
        Seen otherSeen = seen(ds, other, passes.slot(ds, other), 0, -1, -1);
        assertThat(ds.reads.get()).as("another transform is fed the decoded images").isEqualTo(22);
        assertThat(otherSeen).isEqualTo(seen(new Memory(), other, null, 0, -1, -1));
        // a resumed run (from a segment boundary) neither replays nor records: it reads what it needs
        int before = ds.reads.get();
        Seen rest = seen(ds, passes.slot(ds, GRAY), 10, 3, 4);
        assertThat(ds.reads.get() - before).isEqualTo(22 - 9);
        assertThat(rest).isEqualTo(seen(new Memory(), null, 10, 3, 4));
    }

    @Test
    void theDecodedImagesKeepWhatOneTransformRefusedForTheNext() throws Exception {
        Memory ds = new Memory();
        DecodedPasses passes = new DecodedPasses(1 << 20);
        // a 4-pixel crop refuses every 3-row image: all 24 positions bad through this transform
        Preprocessing crop = new Preprocessing("crop4", 0, 4, "bilinear", new float[] {0f}, new float[] {1f}, 1);
        Seen cropped = seen(ds, crop, passes.slot(ds, crop), 0, -1, -1);
        assertThat(cropped.bad()).hasSize(24);
        assertThat(cropped).isEqualTo(seen(new Memory(), crop, null, 0, -1, -1));
        Seen gray = seen(ds, passes.slot(ds, GRAY), 0, -1, -1);
        assertThat(ds.reads.get()).as("decoded once").isEqualTo(22);
        assertThat(gray).isEqualTo(seen(new Memory(), null, 0, -1, -1));
        assertThat(gray.stats().delivered()).isEqualTo(19);
    }

    @Test
    void aPassOverBudgetOrFromAFailingSourceIsNotKeptAndTheOldestPassGoesFirst() throws Exception {
        Memory ds = new Memory();
        DecodedPasses small = new DecodedPasses(19 * 12 + 2 * 15 - 1);
        seen(ds, small.slot(ds, GRAY), 0, -1, -1);
        seen(ds, small.slot(ds, GRAY), 0, -1, -1);
        assertThat(ds.reads.get()).isEqualTo(44);
        assertThat(small.heldValues()).isZero();
        assertThat(DecodedPasses.NONE.slot(ds, GRAY).kept()).isNull();

        FailingMemory failing = new FailingMemory(12);
        DecodedPasses passes = new DecodedPasses(19 * 12 + 2 * 15);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> seen(failing, passes.slot(failing, GRAY), 0, -1, -1))
                .isInstanceOf(ShardFormatException.class);
        assertThat(passes.slot(failing, GRAY).kept()).isNull();

        Memory a = new Memory();
        Memory b = new Memory();
        seen(a, passes.slot(a, GRAY), 0, -1, -1);
        seen(b, passes.slot(b, GRAY), 0, -1, -1);
        assertThat(passes.slot(a, GRAY).kept()).as("evicted: both do not fit").isNull();
        assertThat(passes.slot(b, GRAY).kept()).isNotNull();
        assertThat(passes.heldValues()).isEqualTo(19 * 12 + 2 * 15);
    }
}

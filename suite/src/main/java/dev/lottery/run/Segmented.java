package dev.lottery.run;

import dev.lottery.backbone.Backbone;
import dev.lottery.data.BadSample;
import dev.lottery.data.BadSamples;
import dev.lottery.data.BatchConsumer;
import dev.lottery.data.DecodedPasses;
import dev.lottery.data.ImagePipeline;
import dev.lottery.data.ImageTransform;
import dev.lottery.data.Preprocessing;
import dev.lottery.data.SampleSource;
import dev.lottery.data.Segments;
import dev.lottery.features.Bundle;
import dev.lottery.features.ContentStore;
import dev.lottery.features.FeatureMatrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A split's extraction as segments of {@code size} consecutive positions (samples, good or bad; see
 * {@link Segments}), each committed to the store as its own checksummed entry as soon as it is
 * complete and the source has verified what it was read from (a gzip shard's CRC is checked at the
 * shard's end; a segment waits, sealed in its temp file, until then, and is discarded if the check
 * fails): segment k holds positions [k*size, (k+1)*size), only the last may be shorter. A killed
 * run loses at most the segments not yet verified; the next run verifies the segments in the store (a damaged
 * one is removed and recomputed) and extracts from the first missing one, without decoding the
 * samples before it.
 *
 * <p>An entry holds the segment's feature rows, its labels, its bad-sample lines, its position
 * count ({@code seen}) and the output size in force at its end (so a resumed run rejects the same
 * odd-sized images an uninterrupted one would). Joined in order they are exactly an uninterrupted
 * run's result.
 */
final class Segmented {

    /** The store kind of segment entries, apart from the final {@code features} entries. */
    static final String KIND = "feature-segments";

    private final ContentStore store;
    private final FeaturesProvenance features;
    private final int size;
    private final List<Bundle> done = new ArrayList<>();
    /** Segments complete in their temp files, in order, waiting for their source's verification. */
    private final List<Sealed> sealed = new ArrayList<>();
    private boolean complete;

    /**
     * @param features the split's features provenance; a segment's also names its index and {@code size}
     * @param size     positions per segment
     */
    Segmented(ContentStore store, FeaturesProvenance features, int size) {
        this.store = store;
        this.features = features;
        this.size = size;
    }

    SegmentProvenance segment(int index) {
        return new SegmentProvenance(features, index, size);
    }

    String segmentKey(int index) {
        return segment(index).key();
    }

    /** Takes the verified segments in the store, in order, up to the first missing (or damaged) one. */
    void loadCached() {
        for (int k = done.size(); !complete; k++) {
            var segment = store.get(segment(k));
            if (segment.isEmpty()) {
                return;
            }
            add(segment.get());
        }
    }

    private void add(Bundle segment) {
        done.add(segment);
        // only the last segment is short
        complete = seen(segment) < size;
    }

    /** True when the last segment is known to be done (a short one was found). */
    boolean complete() {
        return complete;
    }

    /** The segments done so far, in order. */
    List<Bundle> done() {
        return List.copyOf(done);
    }

    /** Positions covered by the segments done. */
    int positions() {
        return done.stream().mapToInt(Segmented::seen).sum();
    }

    /** Feature rows (good samples) in the segments done. */
    long rows() {
        return done.stream().mapToLong(b -> b.rows("features").rows()).sum();
    }

    private static int seen(Bundle segment) {
        return segment.intArray("seen")[0];
    }

    /**
     * Extracts the positions after the segments done, committing each segment as it completes;
     * afterwards the segments cover the split.
     *
     * @param splitId names the split in the bad-sample lines
     */
    void extract(SampleSource ds, ImageTransform prep, int threads, String splitId, Supplier<Backbone> backbone,
            Progress.Tracker bar) throws Exception {
        extract(ds, prep, null, threads, splitId, backbone, bar);
    }

    /**
     * As {@link #extract(SampleSource, ImageTransform, int, String, Supplier, Progress.Tracker)}, the decoded
     * images replayed from (or recorded into) {@code decoded} when the extraction starts at position 0
     * ({@link ImagePipeline}; null = none).
     */
    void extract(SampleSource ds, ImageTransform prep, DecodedPasses.Slot decoded, int threads, String splitId,
            Supplier<Backbone> backbone, Progress.Tracker bar) throws Exception {
        int[] outSize = done.isEmpty() ? new int[] {-1, -1} : done.get(done.size() - 1).intArray("size");
        BadSamples bad = new BadSamples();
        Open open = new Open();
        try {
            Segments.End end = new Segments.End() {
                @Override
                public void reached(int position, int height, int width) {
                    List<BadSample> all = bad.list();
                    int first = positions() + sealed.stream().mapToInt(Sealed::seen).sum();
                    Bundle rest = entryContents(open.labels.toArray(new int[0][]), position - first,
                            badLines(all.subList(open.badFrom, all.size()), splitId))
                            .withInts("size", height, width)
                            .withTexts(ContentStore.SUPERSEDED_BY, List.of(FeatureStage.KIND, features.key()));
                    ContentStore.Draft draft = open.draft();
                    // complete on disk, published once the source has verified what it was read from
                    draft.seal(rest, () -> backbone.get().featureDim());
                    sealed.add(new Sealed(draft, position, position - first));
                    open.detach();
                    open.badFrom = all.size();
                }

                @Override
                public void verified(int position) {
                    while (!sealed.isEmpty() && sealed.get(0).end() <= position) {
                        add(sealed.remove(0).draft().publish());
                    }
                }
            };
            ImagePipeline.run(ds, prep, features.extractionBatch(), threads, bad,
                    extractInto(backbone, open::draft, open.labels, bar),
                    new Segments(positions(), size, outSize[0], outSize[1], end), decoded);
        } finally {
            open.close();
            sealed.forEach(s -> s.draft().close()); // never verified: discarded
            sealed.clear();
        }
        complete = true;
    }

    /**
     * The batch consumer of an extraction: each batch's features appended to {@code draft}'s entry (the open
     * one, asked per batch), its labels to {@code labels}, its images counted on {@code bar}.
     */
    static BatchConsumer extractInto(Supplier<Backbone> backbone, Supplier<ContentStore.Draft> draft,
            List<int[]> labels, Progress.Tracker bar) {
        return batch -> {
            FeatureMatrix f = backbone.get().extract(batch.nhwc(), batch.n(), batch.height(), batch.width(),
                    batch.channels());
            draft.get().append(f);
            labels.addAll(java.util.Arrays.asList(batch.labels()));
            bar.step(batch.n());
        };
    }

    /** What a features entry (a segment or a split's final entry) holds beside its rows: labels, seen, bad lines. */
    static Bundle entryContents(int[][] labels, int seen, List<String> badLines) {
        return Bundle.empty().withLabelSets("labels", labels).withInts("seen", seen).withTexts("bad", badLines);
    }

    /** The bad-sample lines of {@code bad}, naming the split {@code splitId}. */
    static List<String> badLines(List<BadSample> bad, String splitId) {
        return bad.stream().map(b -> b.inSplit(splitId).line()).toList();
    }

    /** A segment complete in its temp file, waiting for its source's verification. */
    private record Sealed(ContentStore.Draft draft, int end, int seen) {}

    /**
     * Removes the segment entries: after the final entry is committed they are redundant. Also
     * removes those a run killed between the final commit and this left behind.
     */
    void removeAll() {
        for (int k = 0; ; k++) {
            Path file = store.pathOf(segment(k));
            try {
                if (Files.exists(file)) {
                    ContentStore.removeEntry(file); // with its provenance text
                    removeIfEmpty(file.getParent());
                } else if (k >= done.size()) {
                    return;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove segment " + file, e);
            }
        }
    }

    /** Segment folders are named by a key prefix: one emptied by the removal goes too (writers recreate theirs). */
    private static void removeIfEmpty(Path dir) {
        try {
            Files.delete(dir);
        } catch (IOException e) {
            // not empty (other splits' segments, a concurrent writer's temp file): keep it
        }
    }

    /** The segment being written: its draft is started by its first batch (or at its end, if it has none). */
    private final class Open implements AutoCloseable {
        ContentStore.Draft draft;
        final List<int[]> labels = new ArrayList<>();
        int badFrom;

        ContentStore.Draft draft() {
            if (draft == null) {
                draft = store.draft(segment(done.size() + sealed.size()), "features");
            }
            return draft;
        }

        /** Hands the draft on (sealed, it is no longer this segment's to discard); readies the next segment. */
        void detach() {
            draft = null;
            labels.clear();
        }

        /** Discards an unpublished draft's temp file; readies the next segment. */
        @Override
        public void close() {
            if (draft != null) {
                draft.close();
                draft = null;
            }
            labels.clear();
        }
    }
}

package dev.lottery.run;

import dev.lottery.data.DatasetMismatchException;
import dev.lottery.backbone.Backbone;
import dev.lottery.catalog.Suite;
import dev.lottery.catalog.Variant;
import dev.lottery.data.BadSample;
import dev.lottery.data.BadSamples;
import dev.lottery.data.DecodedPasses;
import dev.lottery.data.ImagePipeline;
import dev.lottery.data.PipelineStats;
import dev.lottery.data.Segments;
import dev.lottery.data.Preprocessing;
import dev.lottery.data.TrainTransform;
import dev.lottery.data.SampleSource;
import dev.lottery.data.layout.ClassFolderDifference;
import dev.lottery.data.layout.Datasets;
import dev.lottery.data.layout.LayoutMismatchException;
import dev.lottery.data.layout.SplitSpec;
import dev.lottery.features.Bundle;
import dev.lottery.features.ContentStore;
import dev.lottery.features.FeatureMatrix;
import dev.lottery.features.FeatureRows;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Extracts (or loads from the store) the frozen features of one split under one backbone. */
final class FeatureStage {

    /** The store kind of a split's final feature entries. */
    static final String KIND = "features";
    /** Positions per committed segment: a killed extraction loses at most this many samples' work. */
    static final int SEGMENT = 1 << 16;
    private static final String PARTIAL_HINT = " (to use this copy anyway, recorded as partial: run --allow-partial)";

    private final ContentStore store;
    private final int threads;
    private final Progress progress;
    private final int segmentSize;
    private final boolean allowPartial;
    /** Images per backbone call (the suite's {@code extraction_batch}); part of the features' provenance. */
    private final int batch;
    /** This run's decoded test-time splits, replayed to the next framework with the same preprocessing. */
    private final DecodedPasses decoded = DecodedPasses.ofHeap();

    FeatureStage(ContentStore store, int threads, Progress progress) {
        this(store, threads, progress, SEGMENT, false, Suite.DEFAULT_EXTRACTION_BATCH);
    }

    /**
     * @param allowPartial use a copy that differs from its declaration as far as it reads, saying how it differs
     * @param batch        images per backbone call (a suite's {@link Suite#extractionBatch()})
     */
    FeatureStage(ContentStore store, int threads, Progress progress, boolean allowPartial, int batch) {
        this(store, threads, progress, SEGMENT, allowPartial, batch);
    }

    /** @param segmentSize positions (samples, good or bad) per resumable segment; small values are for tests */
    FeatureStage(ContentStore store, int threads, Progress progress, int segmentSize) {
        this(store, threads, progress, segmentSize, false, Suite.DEFAULT_EXTRACTION_BATCH);
    }

    private FeatureStage(ContentStore store, int threads, Progress progress, int segmentSize, boolean allowPartial,
            int batch) {
        if (segmentSize < 1) {
            throw new IllegalArgumentException("a segment must hold at least one sample, got " + segmentSize);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("an extraction batch holds at least one image, got " + batch);
        }
        this.batch = batch;
        this.store = store;
        this.threads = threads;
        this.progress = progress;
        this.segmentSize = segmentSize;
        this.allowPartial = allowPartial;
    }

    /**
     * @param label      what progress shows (the framework id)
     * @param origin     the backbone (its weights exactly) and its engine: part of the features' provenance
     * @param backbone   opened only when some segment of the split must be extracted
     */
    FeatureSet features(String label, FeatureOrigin origin, Supplier<Backbone> backbone, Variant split, SplitSpec where,
            Preprocessing prep, boolean fullFingerprint) throws IOException {
        return features(label, origin, backbone, split, where, prep, fullFingerprint, null, null);
    }

    /**
     * As {@link #features(String, FeatureOrigin, Supplier, Variant, SplitSpec, Preprocessing, boolean)}, the
     * images drawn through {@code train}'s seeded transform as {@code augmentation} says (a view of views-K),
     * cached under a key that says which draw; both null = test-time features.
     */
    FeatureSet features(String label, FeatureOrigin origin, Supplier<Backbone> backbone, Variant split, SplitSpec where,
            Preprocessing prep, boolean fullFingerprint, Augmentation augmentation, TrainTransform train)
            throws IOException {
        Opened opened = open(split, where, fullFingerprint);
        SampleSource ds = opened.source();
        FeaturesProvenance provenance = FeaturesProvenance.of(origin, DatasetIdentity.of(opened), prep, augmentation,
                batch);
        var cached = store.get(provenance);
        if (cached.isPresent()) {
            checkCount(split, ds, cached.get().intArray("seen")[0]);
            new Segmented(store, provenance, segmentSize).removeAll();
            return featureSet(provenance, cached.get(), opened, split, true);
        }
        Supplier<Backbone> model = memoized(backbone);
        long total = split.expectedCount() > 0 && !allowPartial ? split.expectedCount() : ds.count();
        Segmented segmented = new Segmented(store, provenance, segmentSize);
        segmented.loadCached();
        int cachedSegments = segmented.done().size();
        int start = segmented.positions();
        if (cachedSegments == 0 && total <= segmentSize) {
            // one segment would be the whole split: written once, as the final entry (a killed run redoes it either way)
            FeatureSet whole = extractWhole(label, provenance, model, split, opened, augmentation, train, prep, total);
            segmented.removeAll();
            return whole;
        }
        if (cachedSegments > 0) {
            progress.line("resuming " + split.id() + " at sample " + start + " of " + total + " ("
                    + cachedSegments + " of " + (total + segmentSize - 1) / segmentSize + " segments cached)");
        }
        if (!segmented.complete()) {
            try (Progress.Tracker bar = progress.start(label + " features " + split.id(), total, segmented.rows())) {
                extracting(ds, () -> {
                    segmented.extract(ds, Augmentation.transform(augmentation, train, prep),
                            testTimeSlot(ds, prep, augmentation), threads, split.id(), model, bar);
                    return null;
                });
            }
        }
        int seen = segmented.positions();
        checkCount(split, ds, seen);
        List<Bundle> parts = segmented.done();
        int[][] labelArray = parts.stream().flatMap(b -> Arrays.stream(b.labelSets("labels"))).toArray(int[][]::new);
        List<String> badLines = parts.stream().flatMap(b -> b.textList("bad").stream()).toList();
        Bundle stored;
        // the final entry is one complete file, as before segments existed: readers never see segments
        try (ContentStore.Draft draft = store.draft(provenance, KIND)) {
            for (Bundle part : parts) {
                appendRows(draft, part.rows("features"));
            }
            stored = draft.commit(Segmented.entryContents(labelArray, seen, badLines), () -> parts.isEmpty()
                    ? model.get().featureDim() : parts.get(0).rows("features").cols());
        }
        segmented.removeAll();
        return featureSet(provenance, stored, opened, split, false);
    }

    /** A split's features as its final entry holds them, with how its copy differs from the declaration. */
    private FeatureSet featureSet(FeaturesProvenance provenance, Bundle entry, Opened opened, Variant split,
            boolean fromCache) {
        SampleSource ds = opened.source();
        int seen = entry.intArray("seen")[0];
        return new FeatureSet(provenance, entry.rows("features"), entry.labelSets("labels"), seen, badSamples(entry),
                opened.quick(), ds.classes().names(), fromCache, ds.layout(), opened.full())
                .withPartial(partial(opened.folders(), split, seen));
    }

    /** Test-time images are the same floats for every framework with this preprocessing: decoded once per run. */
    private DecodedPasses.Slot testTimeSlot(SampleSource ds, Preprocessing prep, Augmentation augmentation) {
        return augmentation == null ? decoded.slot(ds, prep) : null;
    }

    /** Runs an extraction; a failure that is neither unchecked nor I/O is named with the source's folder. */
    private static <T> T extracting(SampleSource ds, java.util.concurrent.Callable<T> extraction) throws IOException {
        try {
            return extraction.call();
        } catch (RuntimeException | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("feature extraction failed on " + ds.root() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A split that fits in one segment, extracted straight into its final entry: the entry is committed only
     * after the pipeline returned, that is after the source ended soundly and verified all it was read from
     * (a failure leaves nothing published). The same rows, labels, bad samples and count as one segment joined.
     */
    private FeatureSet extractWhole(String label, FeaturesProvenance provenance, Supplier<Backbone> model, Variant split,
            Opened opened, Augmentation augmentation, TrainTransform train, Preprocessing prep, long total)
            throws IOException {
        SampleSource ds = opened.source();
        BadSamples bad = new BadSamples();
        List<int[]> labels = new ArrayList<>();
        Bundle stored;
        try (ContentStore.Draft draft = store.draft(provenance, KIND);
                Progress.Tracker bar = progress.start(label + " features " + split.id(), total, 0)) {
            PipelineStats stats = extracting(ds, () -> ImagePipeline.run(ds,
                    Augmentation.transform(augmentation, train, prep), batch, threads, bad,
                    Segmented.extractInto(model, () -> draft, labels, bar), Segments.NONE,
                    testTimeSlot(ds, prep, augmentation)));
            int seen = stats.delivered() + stats.bad();
            checkCount(split, ds, seen);
            stored = draft.commit(Segmented.entryContents(labels.toArray(new int[0][]), seen,
                    Segmented.badLines(bad.list(), split.id())),
                    () -> model.get().featureDim());
        }
        return featureSet(provenance, stored, opened, split, false);
    }

    /** Decode workers per extraction. */
    int threads() {
        return threads;
    }

    /** How a copy read with --allow-partial differs from its declaration; empty when it does not. */
    private static String partial(String folders, Variant split, int seen) {
        String count = split.expectedCount() > 0 && seen != split.expectedCount()
                ? seen + " of " + split.expectedCount() + " declared samples" : "";
        if (folders.isEmpty()) {
            return count.isEmpty() ? "" : "partial: " + count;
        }
        return count.isEmpty() ? folders : folders + ", " + count;
    }

    /**
     * A split opened once per run: its source and fingerprints (the full one only when asked for), and with
     * --allow-partial how its class folders differ from the declaration ("" when they do not).
     */
    record Opened(SampleSource source, String quick, String full, String folders) {}

    private final Map<String, Opened> opened = new HashMap<>();

    /**
     * Opens a split (its layout, class folders and labels checked) and fingerprints it, once per run
     * and split: every framework reads the same data, and a content fingerprint reads all of it.
     */
    Opened open(Variant split, SplitSpec where, boolean fullFingerprint) throws IOException {
        Opened known = opened.get(split.id());
        if (known != null && (known.full() != null || !fullFingerprint)) {
            return known;
        }
        SampleSource ds;
        String folders = "";
        try {
            if (allowPartial) {
                dev.lottery.data.layout.Opened readable = Datasets.openReadable(where);
                ds = readable.source();
                folders = readable.difference().filter(d -> !d.missing().isEmpty() || !d.unexpected().isEmpty())
                        .map(ClassFolderDifference::summary).orElse("");
            } else {
                ds = Datasets.open(where);
            }
        } catch (LayoutMismatchException e) {
            throw new DatasetMismatchException("variant '" + split.id() + "' (" + split.where() + "): " + e.getMessage()
                    + PARTIAL_HINT);
        }
        Opened o = new Opened(ds, ds.quickFingerprint(), fullFingerprint ? ds.fullFingerprint() : null, folders);
        opened.put(split.id(), o);
        return o;
    }

    /** The provenance of a split's features under a backbone; the content fingerprint, when computed, keys them. */
    FeaturesProvenance provenance(FeatureOrigin origin, Opened split, Preprocessing prep) {
        return FeaturesProvenance.of(origin, DatasetIdentity.of(split), prep, batch);
    }

    /** Images per backbone call. */
    int batch() {
        return batch;
    }

    /** True when the split's final features under this backbone are in the store (not verified: a cheap look). */
    boolean stored(FeatureOrigin origin, Opened split, Preprocessing prep) {
        return java.nio.file.Files.isRegularFile(store.pathOf(provenance(origin, split, prep)));
    }

    /** Copies rows in blocks of about 2^20 values, so a segment of ImageNet never sits on the heap. */
    private static void appendRows(ContentStore.Draft draft, FeatureRows rows) {
        int block = Math.max(1, (1 << 20) / Math.max(1, rows.cols()));
        for (int at = 0; at < rows.rows(); at += block) {
            int n = Math.min(block, rows.rows() - at);
            float[] values = new float[n * rows.cols()];
            rows.copyRows(at, n, FloatBuffer.wrap(values), 0);
            draft.append(new FeatureMatrix(n, rows.cols(), values));
        }
    }

    private static Supplier<Backbone> memoized(Supplier<Backbone> backbone) {
        Backbone[] opened = new Backbone[1];
        return () -> {
            if (opened[0] == null) {
                opened[0] = backbone.get();
            }
            return opened[0];
        };
    }

    private void checkCount(Variant split, SampleSource ds, int seen) {
        if (!allowPartial && split.expectedCount() > 0 && seen != split.expectedCount()) {
            throw new DatasetMismatchException(ds.root() + " (layout " + ds.layout() + "): found " + seen + " samples, but " + split.where()
                    + " declares " + split.expectedCount() + " for '" + split.id()
                    + "'; a different packaging of a test set shifts accuracy by the size of the effects measured"
                    + PARTIAL_HINT);
        }
    }

    /** The bad samples an entry or segment lists, stored one {@link BadSample#line()} each. */
    static List<BadSample> badSamples(Bundle b) {
        return b.textList("bad").stream().map(BadSample::ofLine).toList();
    }
}

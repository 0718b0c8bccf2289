package dev.lottery.run;

import dev.lottery.backbone.Backbone;
import dev.lottery.catalog.VariantDecl;
import dev.lottery.data.BadSamples;
import dev.lottery.data.ImagePipeline;
import dev.lottery.data.Preprocessing;
import dev.lottery.data.Preprocessor;
import dev.lottery.data.SampleSource;
import dev.lottery.data.layout.Datasets;
import dev.lottery.data.layout.LayoutMismatchException;
import dev.lottery.data.layout.SplitSpec;
import dev.lottery.features.Bundle;
import dev.lottery.features.ContentStore;
import dev.lottery.features.FeatureMatrix;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/** Extracts (or loads from the store) the frozen features of one split under one backbone. */
final class FeatureStage {

    /** Bump when extraction changes in a way the key's other parts do not capture (2: store format 2). */
    static final String VERSION = "features-2";
    static final int BATCH = 256;

    private final ContentStore store;
    private final int threads;
    private final Progress progress;

    FeatureStage(ContentStore store, int threads, Progress progress) {
        this.store = store;
        this.threads = threads;
        this.progress = progress;
    }

    /**
     * @param label      what progress shows (the framework id)
     * @param backboneId names the backbone's weights exactly (part of the cache key)
     * @param backbone   opened only on a cache miss
     */
    FeatureSet features(String label, String backboneId, Supplier<Backbone> backbone, VariantDecl split, SplitSpec where,
            Preprocessing prep, boolean fullFingerprint) throws IOException {
        SampleSource ds;
        try {
            ds = Datasets.open(where);
        } catch (LayoutMismatchException e) {
            throw new DatasetMismatchException("variant '" + split.id() + "' (" + split.where() + "): " + e.getMessage());
        }
        String fingerprint = ds.quickFingerprint();
        String full = fullFingerprint ? ds.fullFingerprint() : null;
        String key = ContentStore.key(VERSION, Preprocessor.VERSION, backboneId, fingerprint, describe(prep),
                "global-average-pool");
        var cached = store.get("features", key);
        if (cached.isPresent()) {
            Bundle b = cached.get();
            FeatureSet set = new FeatureSet(key, b.rows("features"), b.labelSets("labels"), b.intArray("seen")[0],
                    b.textList("bad"), fingerprint, ds.classes().names(), true, ds.layout(), full);
            checkCount(split, ds, set.seen());
            return set;
        }
        Backbone model = backbone.get();
        BadSamples bad = new BadSamples();
        List<int[]> labels = new ArrayList<>();
        long total = split.expectedCount() > 0 ? split.expectedCount() : ds.count();
        // rows go to the store's temp file as batches arrive: the heap never holds the split
        try (ContentStore.Draft draft = store.draft("features", key, "features");
                Progress.Tracker bar = progress.start(label + " features " + split.id(), total)) {
            var stats = ImagePipeline.run(ds, prep, BATCH, threads, bad, batch -> {
                FeatureMatrix f = model.extract(batch.nhwc(), batch.n(), batch.height(), batch.width(), batch.channels());
                draft.append(f);
                for (int i = 0; i < batch.n(); i++) {
                    labels.add(batch.labels()[i]);
                }
                bar.step(batch.n() + 0L);
            });
            int seen = stats.delivered() + stats.bad();
            checkCount(split, ds, seen);
            int[][] labelArray = labels.toArray(new int[0][]);
            List<String> badLines = bad.list().stream()
                    .map(s -> split.id() + "\t" + s.source() + "\t" + s.key() + "\t" + s.reason()).toList();
            Bundle stored = draft.commit(Bundle.empty().withLabelSets("labels", labelArray).withInts("seen", seen)
                    .withTexts("bad", badLines), model::featureDim);
            return new FeatureSet(key, stored.rows("features"), labelArray, seen, badLines, fingerprint,
                    ds.classes().names(), false, ds.layout(), full);
        } catch (RuntimeException | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("feature extraction failed on " + ds.root() + ": " + e.getMessage(), e);
        }
    }

    private static void checkCount(VariantDecl split, SampleSource ds, int seen) {
        if (split.expectedCount() > 0 && seen != split.expectedCount()) {
            throw new DatasetMismatchException(ds.root() + " (layout " + ds.layout() + "): found " + seen + " samples, but " + split.where()
                    + " declares " + split.expectedCount() + " for '" + split.id()
                    + "'; a different packaging of a test set shifts accuracy by the size of the effects measured");
        }
    }

    static String describe(Preprocessing p) {
        return p.id() + "[resize=" + p.resizeShorter() + ",crop=" + p.crop() + "," + p.interpolation() + ",mean="
                + Arrays.toString(p.mean()) + ",std=" + Arrays.toString(p.std()) + ",channels=" + p.channels() + "]";
    }
}

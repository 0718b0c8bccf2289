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

    /** Bump when extraction changes in a way the key's other parts do not capture. */
    static final String VERSION = "features-1";
    static final int BATCH = 256;
    /** The most floats one feature matrix (one Java array) can hold. */
    static final long MAX_VALUES = Integer.MAX_VALUE - 8;

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
            FeatureSet set = new FeatureSet(key, b.matrix("features"), b.labelSets("labels"), b.intArray("seen")[0],
                    b.textList("bad"), fingerprint, ds.classes().names(), true, ds.layout(), full);
            checkCount(split, ds, set.seen());
            return set;
        }
        Backbone model = backbone.get();
        BadSamples bad = new BadSamples();
        List<float[]> rows = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        int[] dim = {-1};
        long total = split.expectedCount() > 0 ? split.expectedCount() : ds.count();
        try (Progress.Tracker bar = progress.start(label + " features " + split.id(), total)) {
            var stats = ImagePipeline.run(ds, prep, BATCH, threads, bad, batch -> {
                FeatureMatrix f = model.extract(batch.nhwc(), batch.n(), batch.height(), batch.width(), batch.channels());
                dim[0] = f.cols();
                if ((long) (rows.size() + batch.n()) * f.cols() > MAX_VALUES) {
                    // fail before hours of extraction are lost to an OutOfMemoryError at the end
                    throw new IllegalStateException(split.id() + ": " + (rows.size() + batch.n()) + "+ rows x " + f.cols()
                            + " features exceed one Java array (" + MAX_VALUES + " floats); splits this large need "
                            + "chunked feature storage, which this build does not have yet");
                }
                for (int i = 0; i < batch.n(); i++) {
                    rows.add(Arrays.copyOfRange(f.values(), i * f.cols(), (i + 1) * f.cols()));
                    labels.add(batch.labels()[i]);
                }
                bar.step(batch.n() + 0L);
            });
            int seen = stats.delivered() + stats.bad();
            checkCount(split, ds, seen);
            int cols = dim[0] < 0 ? model.featureDim() : dim[0];
            float[] values = new float[rows.size() * cols];
            for (int i = 0; i < rows.size(); i++) {
                System.arraycopy(rows.get(i), 0, values, i * cols, cols);
            }
            FeatureMatrix matrix = new FeatureMatrix(rows.size(), cols, values);
            int[][] labelArray = labels.toArray(new int[0][]);
            List<String> badLines = bad.list().stream()
                    .map(s -> split.id() + "\t" + s.source() + "\t" + s.key() + "\t" + s.reason()).toList();
            store.put("features", key, Bundle.of("features", matrix).withLabelSets("labels", labelArray)
                    .withInts("seen", seen).withTexts("bad", badLines));
            return new FeatureSet(key, matrix, labelArray, seen, badLines, fingerprint, ds.classes().names(), false,
                    ds.layout(), full);
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

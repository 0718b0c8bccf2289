package dev.lottery.run;

import dev.lottery.backbone.Backbone;
import dev.lottery.data.BadSample;
import dev.lottery.data.BadSamples;
import dev.lottery.data.ImagePipeline;
import dev.lottery.data.ImageTransform;
import dev.lottery.data.SampleSource;
import dev.lottery.features.FeatureRows;
import dev.lottery.probe.EpochRows;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The {@code augmented} protocol's rows: when epoch {@code e} begins, every training image is decoded
 * and transformed afresh ({@code transformOf(e)}: seeded by the head seed and the epoch) and the frozen
 * backbone computes its features, streamed through the same decode pipeline as an extraction. The
 * backbone is frozen, so computing an epoch's features before its steps is the same as computing each
 * batch's inside its step. The epoch's rows live on the heap ({@code rows x dim} floats).
 *
 * <p>An image that cannot be used is left out of every epoch: its failure is deterministic, so each
 * epoch must leave out the same ones as the first (checked), and it is counted once.
 */
final class AugmentedRows implements EpochRows {

    private final SampleSource source;
    private final LongFunction<ImageTransform> transformOf;
    private final Supplier<Backbone> backbone;
    private final int threads;
    private final int batch;
    private final int rows;
    private final int cols;
    private final int[][] labels;
    private final List<BadSample> bad;
    private FeatureRows current;

    /**
     * @param rows    the training rows the center extraction found (the images that are not bad)
     * @param labels  their labels, in order: each epoch's must equal them
     * @param bad     the split's bad samples, which every epoch must leave out too
     * @param batch   images per backbone call (the draws' provenance names it)
     */
    AugmentedRows(SampleSource source, LongFunction<ImageTransform> transformOf, Supplier<Backbone> backbone,
            int threads, int batch, int rows, int cols, int[][] labels, List<BadSample> bad) {
        this.source = source;
        this.transformOf = transformOf;
        this.backbone = backbone;
        this.threads = threads;
        this.batch = batch;
        this.rows = rows;
        this.cols = cols;
        this.labels = labels;
        this.bad = List.copyOf(bad);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public void beginEpoch(int epoch) {
        FeatureRows.Builder out = FeatureRows.builder(cols, FeatureRows.MAX_CHUNK_VALUES);
        List<int[]> seen = new ArrayList<>(rows);
        BadSamples epochBad = new BadSamples();
        try {
            ImagePipeline.run(source, transformOf.apply(epoch), batch, threads, epochBad, batch -> {
                out.append(backbone.get().extract(batch.nhwc(), batch.n(), batch.height(), batch.width(),
                        batch.channels()));
                for (int i = 0; i < batch.n(); i++) {
                    seen.add(batch.labels()[i]);
                }
            }, dev.lottery.data.Segments.NONE);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("augmented epoch " + epoch + " of " + source.root() + ": " + e.getMessage(),
                    e);
        }
        List<String> badKeys = epochBad.list().stream().map(b -> b.source() + "/" + b.key()).toList();
        List<String> expected = bad.stream().map(b -> b.source() + "/" + b.key()).toList();
        if (!badKeys.equals(expected) || seen.size() != rows) {
            throw new IllegalStateException("augmented epoch " + epoch + " of " + source.root() + " left out "
                    + badKeys + " (" + seen.size() + " rows) where the split's extraction left out " + expected + " ("
                    + rows + " rows); an image must be usable in every epoch or in none");
        }
        for (int i = 0; i < rows; i++) {
            if (!java.util.Arrays.equals(seen.get(i), labels[i])) {
                throw new IllegalStateException("augmented epoch " + epoch + ": row " + i + " has labels "
                        + java.util.Arrays.toString(seen.get(i)) + ", the split's extraction "
                        + java.util.Arrays.toString(labels[i]));
            }
        }
        current = out.build();
    }

    @Override
    public void gather(int epoch, int[] idx, int from, int to, FloatBuffer dst, int stride) {
        current.gatherRows(idx, from, to, dst, stride);
    }
}

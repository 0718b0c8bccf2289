package dev.lottery.probe;

import dev.lottery.features.FeatureMatrix;
import dev.lottery.features.FeatureRows;
import java.util.function.IntConsumer;

/**
 * Trains and applies linear heads on frozen features, on one device of one engine. What the runner
 * and the head stage see of the probe: {@link Engines#probe} gives the one training uses (the fused
 * TensorFlow step), {@link Engines#reference} the plain-NDArray reference; both follow the procedure
 * {@link LinearProbe} documents, so for the same inputs they give the same head up to float32
 * rounding, and each is bit-identical to itself for the same seed, data, device and thread count.
 */
public interface Probe extends AutoCloseable {

    /** Trains a head; see {@link LinearProbe} for the exact procedure. */
    default LinearHead train(FeatureMatrix x, int[] labels, int classes, Routine routine, long seed) {
        return train(FeatureRows.of(x), labels, classes, routine, seed, epoch -> { });
    }

    /** Trains a head; see {@link LinearProbe} for the exact procedure. */
    default LinearHead train(FeatureRows x, int[] labels, int classes, Routine routine, long seed) {
        return train(x, labels, classes, routine, seed, epoch -> { });
    }

    /** As {@link #train(FeatureRows, int[], int, Routine, long, IntConsumer)} on the rows of one matrix. */
    default LinearHead train(
            FeatureMatrix x, int[] labels, int classes, Routine routine, long seed, IntConsumer afterEpoch) {
        return train(FeatureRows.of(x), labels, classes, routine, seed, afterEpoch);
    }

    /**
     * Trains a head, calling {@code afterEpoch} with the number of completed epochs (1-based) after
     * each epoch.
     */
    LinearHead train(FeatureRows x, int[] labels, int classes, Routine routine, long seed, IntConsumer afterEpoch);

    /** Trains a head on rows that may differ per epoch ({@link EpochRows}: views-K, augmented). */
    LinearHead train(EpochRows x, int[] labels, int classes, Routine routine, long seed, IntConsumer afterEpoch);

    /** As {@link #train(EpochRows, int[], int, Routine, long, IntConsumer)}, resumable ({@link Resume}). */
    LinearHead train(EpochRows x, int[] labels, int classes, Routine routine, long seed, IntConsumer afterEpoch,
            Resume resume);

    /** The head's logits for every row of {@code x}; see {@link #logits(LinearHead, FeatureRows)}. */
    default float[] logits(LinearHead head, FeatureMatrix x) {
        return logits(head, FeatureRows.of(x));
    }

    /** The head's logits for every row of {@code x}, row-major {@code [rows][classes]}. */
    float[] logits(LinearHead head, FeatureRows x);

    /** Frees the probe's device memory. */
    @Override
    void close();
}

package dev.lottery.probe;

import dev.lottery.features.FeatureRows;
import java.nio.FloatBuffer;

/**
 * The training rows each epoch sees, row {@code i} always being image {@code i} (its label fixed): the
 * same rows every epoch ({@link #fixed}, the {@code center} protocol), one of K cached views per image
 * chosen per epoch ({@code views-K}), or the features of a fresh augmentation computed when the epoch
 * begins ({@code augmented}). The training procedure is the same for all; only what a batch gathers
 * differs.
 */
public interface EpochRows {

    int rows();

    int cols();

    /** Called before epoch {@code epoch}'s first batch (0-based); an augmented source computes its rows here. */
    default void beginEpoch(int epoch) {}

    /**
     * Epoch {@code epoch}'s rows {@code idx[from..to-1]}, in that order, into {@code dst} from its position 0,
     * the k-th at {@code k * stride} ({@code stride >= cols()}; what lies between the rows is left as it was).
     */
    void gather(int epoch, int[] idx, int from, int to, FloatBuffer dst, int stride);

    /** The rows when they are the same in every epoch (they may then wait on the device), else null. */
    default FeatureRows fixedRows() {
        return null;
    }

    /** The same rows in every epoch. */
    static EpochRows fixed(FeatureRows x) {
        return new EpochRows() {
            @Override
            public FeatureRows fixedRows() {
                return x;
            }

            @Override
            public int rows() {
                return x.rows();
            }

            @Override
            public int cols() {
                return x.cols();
            }

            @Override
            public void gather(int epoch, int[] idx, int from, int to, FloatBuffer dst, int stride) {
                x.gatherRows(idx, from, to, dst, stride);
            }
        };
    }
}

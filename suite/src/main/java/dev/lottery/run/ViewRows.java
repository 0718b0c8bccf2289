package dev.lottery.run;

import dev.lottery.data.AugmentedTransform;
import dev.lottery.features.FeatureRows;
import dev.lottery.probe.EpochRows;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * The {@code views-K} protocol's rows: K cached views of the training split (row {@code i} of each is
 * image {@code i}); in epoch {@code e} image {@code i} is seen through view
 * {@code floorMod(seedOf(headSeed, e, i), K)}, drawn by the head's seed independently of its other draws.
 */
final class ViewRows implements EpochRows {

    private final List<FeatureRows> views;
    private final long headSeed;

    ViewRows(List<FeatureRows> views, long headSeed) {
        FeatureRows first = views.get(0);
        for (FeatureRows v : views) {
            if (v.rows() != first.rows() || v.cols() != first.cols()) {
                throw new IllegalStateException("views of one split differ in shape: " + v.rows() + "x" + v.cols()
                        + " against " + first.rows() + "x" + first.cols() + " (a bad image must be bad in every view)");
            }
        }
        this.views = List.copyOf(views);
        this.headSeed = headSeed;
    }

    /** The view image {@code i} is seen through in epoch {@code epoch}. */
    int viewOf(int epoch, int i) {
        return (int) Math.floorMod(AugmentedTransform.seedOf(headSeed, epoch, i), (long) views.size());
    }

    @Override
    public int rows() {
        return views.get(0).rows();
    }

    @Override
    public int cols() {
        return views.get(0).cols();
    }

    @Override
    public void gather(int epoch, int[] idx, int from, int to, FloatBuffer dst, int stride) {
        for (int k = from; k < to; k++) {
            views.get(viewOf(epoch, idx[k])).copyRows(idx[k], 1, dst, (k - from) * stride);
        }
    }
}

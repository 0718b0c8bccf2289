package dev.lottery.run;

import dev.lottery.backbone.Backbone;
import dev.lottery.features.FeatureMatrix;

/**
 * A test backbone whose features are the 16 pixels of a 4x4 gray image as read (0..255), so each
 * row names its sample. Counts its batches, and fails at batch {@code failAt} (0-based; -1 = never)
 * to stand for a killed run.
 */
final class RawPixels implements Backbone {
    /** What the tests' features are keyed by: this backbone, on a stand-in engine. */
    static final FeatureOrigin ORIGIN = new FeatureOrigin(BackboneIdentity.named("raw-pixels"),
            new EngineIdentity("test-engine", "0", "0"));

    final int failAt;
    int batches;

    RawPixels() {
        this(-1);
    }

    RawPixels(int failAt) {
        this.failAt = failAt;
    }

    @Override
    public String id() {
        return "raw-pixels";
    }

    @Override
    public int featureDim() {
        return 16;
    }

    @Override
    public FeatureMatrix extract(float[] nhwc, int n, int height, int width, int channels) {
        if (batches == failAt) {
            throw new IllegalStateException("killed at batch " + batches);
        }
        batches++;
        float[] v = nhwc.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.round(v[i] * 255);
        }
        return new FeatureMatrix(n, height * width * channels, v);
    }

    @Override
    public void close() {}
}

package dev.lottery.backbone;

import dev.lottery.features.FeatureMatrix;

/** A ResNet model built and loaded by a {@link GraphEngine}; features are the pooled activations. */
final class ResNetBackbone implements Backbone {

    private final String id;
    private final ResNetSpec spec;
    private final ModelRunner runner;

    /** Owns {@code runner} (closed with the backbone). */
    ResNetBackbone(String id, ResNetSpec spec, ModelRunner runner) {
        this.id = id;
        this.spec = spec;
        this.runner = runner;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int featureDim() {
        return spec.featureDim();
    }

    /** Synchronized: a DJL predictor must not run two batches at once. */
    @Override
    public synchronized FeatureMatrix extract(float[] nhwc, int n, int height, int width, int channels) {
        if (channels != spec.inChannels()) {
            throw new IllegalArgumentException(
                    id + " expects " + spec.inChannels() + " input channels, found " + channels);
        }
        float[] features = runner.run(nhwc, n, height, width, channels).get(ModelSignature.FEATURES);
        if (features == null) {
            throw new IllegalStateException(id + ": the model returned no '" + ModelSignature.FEATURES + "' output");
        }
        return new FeatureMatrix(n, spec.featureDim(), features);
    }

    @Override
    public synchronized FeatureMatrix logits(float[] nhwc, int n, int height, int width, int channels) {
        float[] logits = runner.run(nhwc, n, height, width, channels).get(ModelSignature.LOGITS);
        if (logits == null) {
            throw new UnsupportedOperationException(id + " has no classifier (its weights carry no fc)");
        }
        return new FeatureMatrix(n, logits.length / n, logits);
    }

    @Override
    public synchronized void close() {
        runner.close();
    }
}

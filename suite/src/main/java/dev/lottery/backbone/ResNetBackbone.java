package dev.lottery.backbone;

import ai.djl.Device;
import dev.lottery.features.FeatureMatrix;
import java.nio.file.Path;

/** A ResNet SavedModel run through DJL's TensorFlow engine; features are the pooled activations. */
final class ResNetBackbone implements Backbone {

    private final String id;
    private final ResNetSpec spec;
    private final SavedModelRunner runner;

    ResNetBackbone(String id, ResNetSpec spec, Path modelDir, Device device) {
        this.id = id;
        this.spec = spec;
        this.runner = new SavedModelRunner(modelDir, device);
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
        float[] features = runner.run(nhwc, n, height, width, channels).get(ResNetGraph.FEATURES);
        if (features == null) {
            throw new IllegalStateException(id + ": the model returned no '" + ResNetGraph.FEATURES + "' output");
        }
        return new FeatureMatrix(n, spec.featureDim(), features);
    }

    @Override
    public synchronized FeatureMatrix logits(float[] nhwc, int n, int height, int width, int channels) {
        float[] logits = runner.run(nhwc, n, height, width, channels).get(ResNetGraph.LOGITS);
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

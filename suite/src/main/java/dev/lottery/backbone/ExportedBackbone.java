package dev.lottery.backbone;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.lottery.backbone.tensorflow.TensorFlowGraphs;
import dev.lottery.features.FeatureMatrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A backbone exported by its authors or by the user instead of a PyTorch checkpoint: an ONNX file
 * run by DJL's OnnxRuntime engine (input {@code images} NCHW float32, as torch.onnx.export writes
 * it), or a TensorFlow SavedModel run by DJL's TensorFlow engine (serving signature with input
 * {@code images} NHWC). Outputs: {@code features} [N, D] first, optionally {@code logits} second.
 */
final class ExportedBackbone implements Backbone {

    enum Format {
        ONNX("OnnxRuntime", true), SAVED_MODEL(TensorFlowGraphs.ENGINE, false);

        final String engine;
        final boolean channelsFirst;

        Format(String engine, boolean channelsFirst) {
            this.engine = engine;
            this.channelsFirst = channelsFirst;
        }
    }

    private final String id;
    private final Format format;
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private int featureDim = -1;

    ExportedBackbone(String id, Path path, Format format, Device device) {
        this.id = id;
        this.format = format;
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(path)
                .optEngine(format.engine)
                .optDevice(device)
                .build();
        try {
            model = criteria.loadModel();
        } catch (IOException e) {
            throw new UncheckedIOException("loading " + format + " model " + path, e);
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException("cannot load " + format + " model " + path + " with DJL's " + format.engine
                    + " engine: " + e.getMessage(), e);
        }
        predictor = model.newPredictor();
    }

    @Override
    public String id() {
        return id;
    }

    /** Known once the first batch has run (the export does not declare it in a way both engines expose). */
    @Override
    public int featureDim() {
        if (featureDim < 0) {
            throw new IllegalStateException(id + ": feature dimension is known after the first batch");
        }
        return featureDim;
    }

    @Override
    public synchronized FeatureMatrix extract(float[] nhwc, int n, int height, int width, int channels) {
        FeatureMatrix m = run(nhwc, n, height, width, channels, 0);
        featureDim = m.cols();
        return m;
    }

    @Override
    public synchronized FeatureMatrix logits(float[] nhwc, int n, int height, int width, int channels) {
        return run(nhwc, n, height, width, channels, 1);
    }

    private FeatureMatrix run(float[] nhwc, int n, int height, int width, int channels, int output) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray images = format.channelsFirst
                    ? manager.create(toNchw(nhwc, n, height, width, channels), new Shape(n, channels, height, width))
                    : manager.create(nhwc, new Shape(n, height, width, channels));
            images.setName(ModelSignature.INPUT);
            NDList outputs = predictor.predict(new NDList(images));
            String wanted = output == 0 ? ModelSignature.FEATURES : ModelSignature.LOGITS;
            NDArray chosen = outputs.contains(wanted) ? outputs.get(wanted)
                    : output < outputs.size() ? outputs.get(output) : null;
            if (chosen == null) {
                throw new UnsupportedOperationException(id + " has no '" + wanted + "' output");
            }
            float[] values = chosen.toFloatArray();
            outputs.close();
            return new FeatureMatrix(n, values.length / n, values);
        } catch (TranslateException e) {
            throw new IllegalStateException("running " + id + " on " + n + " images of " + height + "x" + width
                    + "x" + channels + ": " + e.getMessage(), e);
        }
    }

    static float[] toNchw(float[] nhwc, int n, int h, int w, int c) {
        float[] out = new float[nhwc.length];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int k = 0; k < c; k++) {
                        out[((i * c + k) * h + y) * w + x] = nhwc[((i * h + y) * w + x) * c + k];
                    }
                }
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        predictor.close();
        model.close();
    }
}

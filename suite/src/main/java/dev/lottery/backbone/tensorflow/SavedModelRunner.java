package dev.lottery.backbone.tensorflow;

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
import dev.lottery.backbone.ModelRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A SavedModel loaded through DJL's TensorFlow engine, fed NHWC float32 images. */
public final class SavedModelRunner implements ModelRunner {

    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;

    public SavedModelRunner(Path modelDir, Device device) {
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(modelDir)
                .optEngine(TensorFlowGraphs.ENGINE)
                .optDevice(device)
                .build();
        try {
            model = criteria.loadModel();
        } catch (IOException e) {
            throw new UncheckedIOException("loading SavedModel " + modelDir, e);
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException("cannot load SavedModel " + modelDir + ": " + e.getMessage(), e);
        }
        predictor = model.newPredictor();
    }

    @Override
    public Map<String, float[]> run(float[] nhwc, int n, int height, int width, int channels) {
        long expected = (long) n * height * width * channels;
        if (nhwc.length != expected) {
            throw new IllegalArgumentException("expected " + n + "x" + height + "x" + width + "x" + channels
                    + " = " + expected + " input values, found " + nhwc.length);
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray images = manager.create(nhwc, new Shape(n, height, width, channels));
            images.setName(ResNetGraph.INPUT);
            NDList outputs = predictor.predict(new NDList(images));
            Map<String, float[]> out = new LinkedHashMap<>();
            for (NDArray a : outputs) {
                out.put(a.getName(), a.toFloatArray());
            }
            outputs.close();
            return out;
        } catch (TranslateException e) {
            throw new IllegalStateException("running " + model.getModelPath() + " on " + n + " images of "
                    + height + "x" + width + "x" + channels + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}

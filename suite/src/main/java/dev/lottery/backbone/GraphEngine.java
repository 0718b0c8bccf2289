package dev.lottery.backbone;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Map;

/**
 * The backbone's engine seam: what turns torchvision-named ResNet weights into a model an engine
 * runs, and runs it. {@link Backbones} opens every network backbone (and the pixels backbone's
 * arrays) through one; the default is the TensorFlow adapter's
 * ({@code backbone.tensorflow.TensorFlowGraphs}: a GraphDef in a SavedModel, run by DJL's
 * TensorFlow engine). No engine name appears outside the adapter.
 */
public interface GraphEngine {

    /** DJL's name of the engine that runs the models (as recorded in feature provenance). */
    String engine();

    /**
     * Changes whenever the model built from the same weights would compute something different;
     * part of every ResNet backbone's identity, hence of feature cache keys.
     */
    String graphFormat();

    /**
     * Builds (once) the model of {@code spec} with {@code weights} under {@code cacheDir}, checked
     * strictly (every expected key exactly once with its shape, no other key); returns its folder,
     * which {@link #load} opens. A cached model is checked against its recorded digest and rebuilt
     * when damaged.
     */
    Path writeModel(ResNetSpec spec, Map<String, WeightTensor> weights, Path cacheDir);

    /** Loads a model {@link #writeModel} wrote, on {@code device}. */
    ModelRunner load(Path modelDir, Device device);

    /** A manager of this engine's arrays on {@code device}, for backbones that compute with NDArrays directly. */
    NDManager newManager(Device device);
}

package dev.lottery.backbone.tensorflow;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.lottery.backbone.GraphEngine;
import dev.lottery.backbone.ModelRunner;
import dev.lottery.backbone.ResNetSpec;
import dev.lottery.backbone.WeightTensor;
import java.nio.file.Path;
import java.util.Map;

/**
 * The backbone's TensorFlow adapter: ResNets built as TensorFlow GraphDefs ({@link ResNetGraph},
 * {@link GraphBuilder}), written as SavedModels and run by DJL's TensorFlow engine
 * ({@link SavedModelRunner}). The one place in {@code backbone} that names the engine.
 */
public final class TensorFlowGraphs implements GraphEngine {

    /** DJL's name for the engine (as in provenance records and reports). */
    public static final String ENGINE = "TensorFlow";

    /** Stateless: one is enough. */
    public static final TensorFlowGraphs INSTANCE = new TensorFlowGraphs();

    private TensorFlowGraphs() {}

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    public String graphFormat() {
        return ResNetGraph.GRAPH_FORMAT;
    }

    @Override
    public Path writeModel(ResNetSpec spec, Map<String, WeightTensor> weights, Path cacheDir) {
        return ResNetGraph.writeSavedModel(spec, weights, cacheDir);
    }

    @Override
    public ModelRunner load(Path modelDir, Device device) {
        return new SavedModelRunner(modelDir, device);
    }

    @Override
    public NDManager newManager(Device device) {
        return Engine.getEngine(ENGINE).newBaseManager(device);
    }
}

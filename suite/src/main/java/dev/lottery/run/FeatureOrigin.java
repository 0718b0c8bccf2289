package dev.lottery.run;

import dev.lottery.backbone.Backbones;
import dev.lottery.catalog.Framework;
import dev.lottery.data.Preprocessing;

/** What computes a framework's features: its backbone and the engine that runs it. */
record FeatureOrigin(BackboneIdentity backbone, EngineIdentity engine) {

    /** The one place a framework's feature origin is built (runner and preflight alike). */
    static FeatureOrigin of(Framework f, Preprocessing prep) {
        // an ONNX export runs on OnnxRuntime; everything else (pixels, our ResNet graph, SavedModels) on the graph engine
        boolean onnx = f.checkpointUrl() != null && f.checkpointUrl().endsWith(".onnx");
        return new FeatureOrigin(BackboneIdentity.of(f, prep), EngineIdentity.of(Backbones.engine(onnx)));
    }
}

package dev.lottery.backbone;

/**
 * The tensor names every model the suite runs agrees on, whatever built it: the graphs of a
 * {@link GraphEngine} and the exports {@link Backbones#onnx} and {@link Backbones#savedModel} read.
 */
public final class ModelSignature {

    /** The input: a batch of preprocessed float32 images. */
    public static final String INPUT = "images";
    /** The output holding one feature row per image. */
    public static final String FEATURES = "features";
    /** The classifier's output, when the model carries one. */
    public static final String LOGITS = "logits";

    private ModelSignature() {}
}

package dev.lottery.backbone;

import java.util.Map;

/** A built model loaded on a device by a {@link GraphEngine}: NHWC float32 images in, named outputs out. */
public interface ModelRunner extends AutoCloseable {

    /**
     * Runs one batch of {@code n} images laid out [n, height, width, channels]; returns each named
     * output ({@link ModelSignature#FEATURES}, optionally {@link ModelSignature#LOGITS}) as a
     * row-major float array. Not for concurrent calls.
     */
    Map<String, float[]> run(float[] nhwc, int n, int height, int width, int channels);

    @Override
    void close();
}

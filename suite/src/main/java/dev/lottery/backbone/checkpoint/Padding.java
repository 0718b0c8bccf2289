package dev.lottery.backbone.checkpoint;

/**
 * The spatial padding convention of the network a checkpoint was trained and evaluated in, declared
 * with its mapped weights so the graph can compute what the framework computed.
 *
 * <p>The two differ only where a window has stride 2 on an even input size: at 224x224 that is
 * ResNet-50's 7x7/2 stem (PyTorch pads 3 and 3, SAME 2 before and 3 after), the 3x3/2 max pool and
 * the 3x3/2 convolution opening stages 2-4 (PyTorch 1 and 1, SAME 0 and 1). Stride-1 and 1x1
 * layers pad the same way in both.
 */
public enum Padding {
    /** PyTorch: {@code kernel / 2} on each side (torchvision's ResNet; every PyTorch release). */
    TORCH("torch"),
    /**
     * TensorFlow / haiku {@code padding='SAME'}: output {@code ceil(n / stride)}, total padding
     * {@code max((out - 1) * stride + kernel - n, 0)} with the odd pixel after (BYOL's JAX release,
     * deepmind-research byol/utils/networks.py and haiku's ResNet BlockV1; max pool pads with -inf).
     */
    TF_SAME("tf-same");

    private final String id;

    Padding(String id) {
        this.id = id;
    }

    /** The declared name: {@code torch} or {@code tf-same}. */
    public String id() {
        return id;
    }
}

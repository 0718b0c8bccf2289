package dev.lottery.backbone;

/**
 * Where a ResNet pads its strided convolutions and its stem max pool. The weights do not say it:
 * the framework that trained them does, and the features differ when the wrong one is used.
 * TensorFlow's {@code 'SAME'} pads {@code max((ceil(n/s) - 1) * s + k - n, 0)} in total, the
 * smaller half before: a 3x3 stride-2 window on an even size pads 0 before and 1 after, where
 * PyTorch pads 1 and 1 (and reads other pixels).
 */
public enum Padding {

    /** PyTorch / torchvision: every conv and the stem pool pad {@code k / 2} on both sides. Every .pth. */
    TORCH("torch"),

    /**
     * SimCLR's TF1 ResNet (google-research/simclr resnet.py): strided convs use {@code fixed_padding}
     * (symmetric, as PyTorch) and stride-1 convs {@code 'SAME'} with odd kernels (also symmetric), but
     * the stem pool is {@code tf.layers.max_pooling2d(3, 2, padding='SAME')}.
     */
    TF_SAME_POOL("tf-same-pool"),

    /** TensorFlow {@code 'SAME'} on every conv and on the stem pool (e.g. haiku's ResNet behind BYOL). */
    TF_SAME("tf-same");

    private final String id;

    Padding(String id) {
        this.id = id;
    }

    /** The convention named {@code id} (as in {@code frameworks.csv} and {@code --padding}), or null. */
    public static Padding of(String id) {
        for (Padding p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        return null;
    }

    /** Every id, in declaration order (for error messages and help). */
    public static java.util.List<String> ids() {
        return java.util.Arrays.stream(values()).map(Padding::id).toList();
    }

    /** The stable name used in cache keys and ids. */
    public String id() {
        return id;
    }

    /** True when every convolution pads TF-style 'SAME' (otherwise symmetric, as PyTorch). */
    public boolean sameConvs() {
        return this == TF_SAME;
    }

    /** True when the stem max pool pads TF-style 'SAME' (otherwise symmetric with -inf, as PyTorch). */
    public boolean samePool() {
        return this != TORCH;
    }
}

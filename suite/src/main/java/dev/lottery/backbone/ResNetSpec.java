package dev.lottery.backbone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The topology of a torchvision-style ResNet with bottleneck blocks (v1.5: stride on the 3x3
 * conv). {@code blocks} is the number of bottleneck blocks per stage, {@code baseWidth} the stem
 * width (64 for torchvision's resnet50), {@code inChannels} the image channels, {@code padding}
 * the convention of the framework that trained the weights (PyTorch's unless declared).
 */
public record ResNetSpec(int[] blocks, int baseWidth, int inChannels, Padding padding) {

    /** Bottleneck output channels = planes * EXPANSION, as in torchvision. */
    static final int EXPANSION = 4;

    public ResNetSpec {
        if (blocks == null || blocks.length == 0) {
            throw new IllegalArgumentException("expected at least one stage, found " + Arrays.toString(blocks));
        }
        for (int i = 0; i < blocks.length; i++) {
            if (blocks[i] < 1) {
                throw new IllegalArgumentException("expected >= 1 block in stage " + (i + 1) + ", found " + blocks[i]);
            }
        }
        if (baseWidth < 1 || inChannels < 1) {
            throw new IllegalArgumentException(
                    "expected positive baseWidth and inChannels, found " + baseWidth + ", " + inChannels);
        }
        if (padding == null) {
            throw new IllegalArgumentException("expected a padding convention, found null");
        }
        blocks = blocks.clone();
    }

    /** PyTorch padding. */
    public ResNetSpec(int[] blocks, int baseWidth, int inChannels) {
        this(blocks, baseWidth, inChannels, Padding.TORCH);
    }

    /** The same topology under another padding convention. */
    public ResNetSpec withPadding(Padding other) {
        return new ResNetSpec(blocks, baseWidth, inChannels, other);
    }

    /** torchvision's resnet50 topology: [3,4,6,3], width 64, RGB input. */
    public static ResNetSpec resnet50() {
        return resnet50(64, 3);
    }

    /** ResNet-50's blocks [3, 4, 6, 3] at another base width and input channel count (PyTorch padding). */
    public static ResNetSpec resnet50(int baseWidth, int inChannels) {
        return new ResNetSpec(new int[] {3, 4, 6, 3}, baseWidth, inChannels);
    }

    @Override
    public int[] blocks() {
        return blocks.clone();
    }

    /** Channels of the pooled features: the last stage's planes times the expansion. */
    public int featureDim() {
        return planes(blocks.length - 1) * EXPANSION;
    }

    /** Bottleneck inner width of stage {@code stage} (0-based). */
    int planes(int stage) {
        return baseWidth << stage;
    }

    /** torchvision strides: 1 for the first stage, 2 for every later one. */
    public static int stageStride(int stage) {
        return stage == 0 ? 1 : 2;
    }

    /** Every weight the graph needs, in torchvision key naming and a fixed order. */
    public List<WeightSpec> expectedWeights(boolean withFc, int numClasses) {
        List<WeightSpec> out = new ArrayList<>();
        out.add(conv("conv1.weight", baseWidth, inChannels, 7));
        addBn(out, "bn1", baseWidth);
        int inplanes = baseWidth;
        for (int s = 0; s < blocks.length; s++) {
            int planes = planes(s);
            for (int b = 0; b < blocks[s]; b++) {
                String p = "layer" + (s + 1) + "." + b + ".";
                out.add(conv(p + "conv1.weight", planes, inplanes, 1));
                addBn(out, p + "bn1", planes);
                out.add(conv(p + "conv2.weight", planes, planes, 3));
                addBn(out, p + "bn2", planes);
                out.add(conv(p + "conv3.weight", planes * EXPANSION, planes, 1));
                addBn(out, p + "bn3", planes * EXPANSION);
                if (hasDownsample(s, b)) {
                    out.add(conv(p + "downsample.0.weight", planes * EXPANSION, inplanes, 1));
                    addBn(out, p + "downsample.1", planes * EXPANSION);
                }
                inplanes = planes * EXPANSION;
            }
        }
        if (withFc) {
            if (numClasses < 1) {
                throw new IllegalArgumentException("expected numClasses >= 1 with fc, found " + numClasses);
            }
            out.add(new WeightSpec("fc.weight", new long[] {numClasses, featureDim()}));
            out.add(new WeightSpec("fc.bias", new long[] {numClasses}));
        }
        return out;
    }

    /** torchvision adds a projection when the stride is not 1 or the channels change. */
    public boolean hasDownsample(int stage, int block) {
        if (block != 0) {
            return false;
        }
        int inplanes = stage == 0 ? baseWidth : planes(stage - 1) * EXPANSION;
        return stageStride(stage) != 1 || inplanes != planes(stage) * EXPANSION;
    }

    /**
     * A stable text form, used in cache digests and ids. PyTorch padding adds nothing, so the cache
     * keys written before padding was declared stay valid; any other convention is named.
     */
    public String canonical() {
        return "resnet-bottleneck-v1.5(blocks=" + Arrays.toString(blocks) + ",w=" + baseWidth + ",in=" + inChannels
                + (padding == Padding.TORCH ? "" : ",padding=" + padding.id()) + ")";
    }

    private static WeightSpec conv(String key, int out, int in, int k) {
        return new WeightSpec(key, new long[] {out, in, k, k});
    }

    private static void addBn(List<WeightSpec> out, String prefix, int channels) {
        for (String part : new String[] {"weight", "bias", "running_mean", "running_var"}) {
            out.add(new WeightSpec(prefix + "." + part, new long[] {channels}));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResNetSpec s && Arrays.equals(s.blocks, blocks)
                && s.baseWidth == baseWidth && s.inChannels == inChannels && s.padding == padding;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(blocks) + baseWidth) + inChannels) + padding.ordinal();
    }

    @Override
    public String toString() {
        return canonical();
    }
}

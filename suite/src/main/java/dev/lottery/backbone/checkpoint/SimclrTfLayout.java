package dev.lottery.backbone.checkpoint;

import dev.lottery.backbone.Padding;
import dev.lottery.backbone.ResNetSpec;
import dev.lottery.backbone.WeightSpec;
import dev.lottery.backbone.WeightTensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SimCLR's released TensorFlow checkpoint (ResNet50_1x.zip) mapped onto torchvision names, read
 * directly: no conversion step.
 *
 * <p>Names: SimCLR v1 builds its ResNet with TF1 {@code tf.layers} under the variable scope
 * {@code base_model/}, so variables are auto-named in creation order: {@code conv2d/kernel},
 * {@code conv2d_1/kernel}, ... and {@code batch_normalization[_N]/{gamma,beta,moving_mean,
 * moving_variance}}, one BN after every conv. The order comes from google-research/simclr
 * {@code resnet.py} ({@code resnet_v1_generator}, {@code bottleneck_block}): the stem conv, then per
 * block the projection shortcut FIRST (only in each group's first block, which always projects),
 * then the 1x1, the strided 3x3 and the expanding 1x1 conv; the strided 3x3 makes it v1.5, as
 * torchvision. tonylins/simclr-converter {@code convert.py} does the same: it sorts {@code conv2d_N}
 * and {@code batch_normalization_N} by N and assigns them to its model's modules in registration
 * order (shapes asserted), its Bottleneck registering {@code downsample} before {@code conv1}
 * ("hack: moving downsample to the first to make order correct", as ports of its resnet_wider.py
 * keep it); the shortcut-first order also shows in the variable shapes listed in
 * google-research/simclr issue #137. A wrong order cannot pass unnoticed: each group's shortcut and first conv differ in shape.
 * Kernels are HWIO and become OIHW; gamma, beta, moving_mean, moving_variance become weight, bias,
 * running_mean, running_var.
 *
 * <p>Ignored as declared: {@code head_supervised/*} (the linear head trained alongside),
 * {@code head_contrastive/*} (the projector), every optimizer slot {@code .../Momentum} and
 * {@code global_step}. Anything else fails the load, listed. The padding convention is SimCLR's
 * ({@link Padding#TF_SAME_POOL}): the stem max pool is {@code padding='SAME'}.
 */
final class SimclrTfLayout {

    static final String KEYMAP = "simclr";
    static final List<String> IGNORED = List.of("head_supervised/*", "head_contrastive/*", "*/Momentum", "global_step");
    static final String SCOPE = "base_model/";

    private static final Pattern CONV = Pattern.compile("base_model/conv2d(_\\d+)?/kernel");
    private static final Pattern BN = Pattern.compile(
            "base_model/batch_normalization(_\\d+)?/(gamma|beta|moving_mean|moving_variance)");
    /** TF BatchNormalization variable -> torchvision BatchNorm2d parameter or buffer. */
    private static final String[][] BN_PARTS = {
        {"gamma", "weight"}, {"beta", "bias"}, {"moving_mean", "running_mean"}, {"moving_variance", "running_var"}
    };

    private SimclrTfLayout() {}

    /** Reads and maps the bundle at {@code path}; strict as {@link KeyMap#apply}. */
    static KeyMap.Mapped load(Path path) {
        try (TfBundle bundle = TfBundle.open(path)) {
            return map(bundle);
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + path, e);
        }
    }

    private static KeyMap.Mapped map(TfBundle bundle) {
        String where = bundle.describe() + ".index (keymap " + KEYMAP + ", SimCLR's TensorFlow layout)";
        Map<String, TfBundle.Entry> entries = bundle.entries();
        List<String> ignored = new ArrayList<>();
        List<String> backbone = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (String name : entries.keySet()) {
            if (KeyMap.matches(IGNORED, name)) {
                ignored.add(name);
            } else if (CONV.matcher(name).matches() || BN.matcher(name).matches()) {
                backbone.add(name);
            } else {
                unexpected.add(name);
            }
        }
        if (!unexpected.isEmpty()) {
            throw new CheckpointException(where + ": " + unexpected.size() + " variable(s) are neither SimCLR backbone"
                    + " variables (" + SCOPE + "conv2d_N/kernel, " + SCOPE + "batch_normalization_N/...) nor declared"
                    + " as ignored " + IGNORED + ": " + abbreviate(unexpected));
        }
        ResNetSpec spec = spec(entries.get(SCOPE + "conv2d/kernel"), where);

        // TF variable -> torchvision key, in SimCLR's creation order
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, long[]> torchShapes = new LinkedHashMap<>();
        for (WeightSpec w : spec.expectedWeights(false, 0)) {
            torchShapes.put(w.key(), w.shape());
        }
        List<String> convs = creationOrder(torchShapes);
        for (int i = 0; i < convs.size(); i++) {
            String conv = convs.get(i);
            names.put(SCOPE + indexed("conv2d", i) + "/kernel", conv + ".weight");
            for (String[] part : BN_PARTS) {
                names.put(SCOPE + indexed("batch_normalization", i) + "/" + part[0], bnOf(conv) + "." + part[1]);
            }
        }
        List<String> extra = backbone.stream().filter(n -> !names.containsKey(n)).toList();
        List<String> missing = names.keySet().stream().filter(n -> !entries.containsKey(n)).toList();
        if (!extra.isEmpty() || !missing.isEmpty()) {
            throw new CheckpointException(where + ": not SimCLR's ResNet-50 " + Arrays.toString(spec.blocks())
                    + " (" + convs.size() + " conv2d kernels, each followed by a batch_normalization)"
                    + (missing.isEmpty() ? "" : "; missing " + abbreviate(missing))
                    + (extra.isEmpty() ? "" : "; unexpected " + abbreviate(extra)));
        }
        List<String> problems = new ArrayList<>();
        names.forEach((tf, torch) -> {
            long[] expected = torchShapes.get(torch);
            long[] expectedTf = expected.length == 4 ? oihwToHwioShape(expected) : expected;
            long[] found = entries.get(tf).shape();
            if (!Arrays.equals(found, expectedTf)) {
                problems.add(tf + " (" + torch + "): expected shape " + Arrays.toString(expectedTf) + ", found "
                        + Arrays.toString(found));
            }
        });
        if (!problems.isEmpty()) {
            throw new CheckpointException(where + ": " + problems.size() + " variable(s) have the wrong shape for"
                    + " SimCLR's ResNet-50 at width " + spec.baseWidth() + ": " + abbreviate(problems));
        }

        Map<String, WeightTensor> read = bundle.read(names.keySet(),
                t -> (t.shape().length == 4 ? hwioAsOihw(t) : t).toWeight());
        Map<String, WeightTensor> byTorch = new LinkedHashMap<>();
        names.forEach((tf, torch) -> byTorch.put(torch, read.get(tf)));
        Map<String, WeightTensor> weights = new LinkedHashMap<>();
        torchShapes.keySet().forEach(k -> weights.put(k, byTorch.get(k)));
        return new KeyMap.Mapped(weights, List.copyOf(ignored), Padding.TF_SAME_POOL);
    }

    /** ResNet-50 at the width and input channels of the stem kernel [7, 7, in, width]. */
    private static ResNetSpec spec(TfBundle.Entry stem, String where) {
        if (stem == null) {
            throw new CheckpointException(where + ": no " + SCOPE + "conv2d/kernel (the stem conv); not a SimCLR"
                    + " TensorFlow checkpoint");
        }
        long[] s = stem.shape();
        if (s.length != 4 || s[0] != 7 || s[1] != 7) {
            throw new CheckpointException(where + ": " + SCOPE + "conv2d/kernel has shape " + Arrays.toString(s)
                    + ", expected the stem [7, 7, channels, width]");
        }
        return ResNetSpec.resnet50(Math.toIntExact(s[3]), Math.toIntExact(s[2]));
    }

    /**
     * torchvision conv module names (without ".weight") in SimCLR's creation order: torchvision's
     * order with each block's {@code downsample.0} moved before its {@code conv1}.
     */
    static List<String> creationOrder(Map<String, long[]> torchShapes) {
        List<String> out = new ArrayList<>();
        String block = null;
        int blockStart = 0;
        for (Map.Entry<String, long[]> e : torchShapes.entrySet()) {
            if (e.getValue().length != 4) {
                continue;
            }
            String conv = e.getKey().substring(0, e.getKey().length() - ".weight".length());
            String owner = conv.startsWith("layer") ? conv.substring(0, conv.indexOf('.', conv.indexOf('.') + 1)) : "";
            if (!owner.equals(block)) {
                block = owner;
                blockStart = out.size();
            }
            if (conv.endsWith(".downsample.0")) {
                out.add(blockStart, conv);
            } else {
                out.add(conv);
            }
        }
        return out;
    }

    private static String bnOf(String conv) {
        if (conv.endsWith("downsample.0")) {
            return conv.substring(0, conv.length() - 1) + "1";
        }
        int dot = conv.lastIndexOf('.');
        return conv.substring(0, dot + 1) + "bn" + conv.substring(dot + 1 + "conv".length());
    }

    /** tf.layers naming: the first layer of a kind is {@code kind}, later ones {@code kind_N}. */
    private static String indexed(String kind, int i) {
        return i == 0 ? kind : kind + "_" + i;
    }

    private static long[] oihwToHwioShape(long[] oihw) {
        return new long[] {oihw[2], oihw[3], oihw[1], oihw[0]};
    }

    /** An HWIO kernel seen as OIHW: the same storage through permuted strides. */
    private static RawTensor hwioAsOihw(RawTensor hwio) {
        long[] s = hwio.shape();
        long h = s[0], w = s[1], in = s[2], out = s[3];
        return new RawTensor(hwio.storage(), hwio.offset(), new long[] {out, in, h, w},
                new long[] {1, out, w * in * out, in * out});
    }

    private static String abbreviate(List<String> items) {
        return items.size() <= 12 ? items.toString() : items.subList(0, 12) + " and " + (items.size() - 12) + " more";
    }
}

package dev.lottery.backbone.checkpoint;

import dev.lottery.backbone.Padding;
import dev.lottery.backbone.ResNetSpec;
import dev.lottery.backbone.WeightSpec;
import dev.lottery.backbone.WeightTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a haiku ResNet-50 (BYOL's JAX release) as torchvision-named weights, strictly: every
 * weight the ResNet-50 needs comes from exactly one haiku leaf with the right shape, and every other
 * leaf, field or key must be declared ignored by the {@link HaikuLayout}; failures list the haiku
 * names. The names and layouts (deepmind-research byol/utils/networks.py on haiku's ResNet BlockV1;
 * the same correspondence as ajtejankar/byol-convert convert.py):
 *
 * <pre>
 *   initial_conv/w                              HWIO  -> conv1.weight            OIHW
 *   initial_batchnorm/{scale,offset}            (1,1,1,C) -> bn1.{weight,bias}   (C)
 *   initial_batchnorm/~/{mean,var}_ema/average  (1,1,1,C) -> bn1.running_{mean,var}
 *   block_group_G/~/block_B/~/conv_I, batchnorm_I  -> layer{G+1}.B.conv{I+1}, bn{I+1}
 *   block_group_G/~/block_B/~/shortcut_conv, shortcut_batchnorm -> layer{G+1}.B.downsample.0, .1
 * </pre>
 *
 * The moving averages are read from {@code average}, the value haiku's BatchNorm uses at inference
 * ({@code mean = self.mean_ema.average}); ExponentialMovingAverage keeps it zero-debiased,
 * {@code average = hidden / (1 - decay^counter)}, so {@code hidden} (and {@code counter}) are only
 * bookkeeping. BYOL's BatchNorm eps is 1e-5 (ResNetTorso's bn_config default), torch's too.
 */
final class HaikuResNet {

    private static final Pattern BLOCK = Pattern.compile("layer(\\d+)\\.(\\d+)\\.(conv|bn)(\\d)");
    private static final Pattern SHORTCUT = Pattern.compile("layer(\\d+)\\.(\\d+)\\.downsample\\.([01])");

    private HaikuResNet() {}

    /** A haiku leaf for one torchvision weight: its path and whether it is a conv kernel (HWIO). */
    record Source(String path, boolean conv) {
        /** The haiku shape that gives torchvision shape {@code torch}. */
        long[] haikuShape(long[] torch) {
            return conv ? new long[] {torch[2], torch[3], torch[1], torch[0]} : new long[] {1, 1, 1, torch[0]};
        }
    }

    static KeyMap.Mapped map(HaikuLayout layout, Map<?, ?> root, String file, String keymap) {
        String where = file + " (keymap " + keymap + ")";
        PickledObject experiment = (PickledObject) root.get(layout.container());
        if (!experiment.type().equals(layout.stateClass())) {
            throw new CheckpointException(where + ": expected a " + layout.stateClass() + " under '" + layout.container()
                    + "', found a " + experiment.type());
        }
        List<String> ignored = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (Object k : root.keySet()) {
            if (!layout.container().equals(k)) {
                sort(layout, String.valueOf(k), ignored, unexpected);
            }
        }
        Map<String, RawTensor> leaves = new LinkedHashMap<>();
        for (Map.Entry<String, Object> f : experiment.fields().entrySet()) {
            if (f.getKey().equals(layout.params()) || f.getKey().equals(layout.state())) {
                flatten(f.getKey(), f.getValue(), leaves, unexpected);
            } else {
                sort(layout, layout.container() + "." + f.getKey(), ignored, unexpected);
            }
        }
        String stem = layout.params() + "/" + layout.encoder() + "initial_conv/w";
        RawTensor stemKernel = leaves.get(stem);
        if (stemKernel == null || stemKernel.shape().length != 4) {
            throw new CheckpointException(where + ": expected " + stem + " [7, 7, channels, width] to size the ResNet-50,"
                    + " found " + (stemKernel == null ? "none among " + abbreviate(List.copyOf(leaves.keySet()))
                            : stemKernel));
        }
        long[] s = stemKernel.shape();
        ResNetSpec spec = ResNetSpec.resnet50(Math.toIntExact(s[3]), Math.toIntExact(s[2]));
        Map<String, WeightTensor> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<String> misshapen = new ArrayList<>();
        for (WeightSpec w : spec.expectedWeights(false, 0)) {
            Source src = source(layout, w.key());
            RawTensor t = leaves.remove(src.path());
            if (t == null) {
                missing.add(src.path());
                continue;
            }
            RawTensor view = src.conv() ? hwioToOihw(t) : channels(t);
            if (view == null || !Arrays.equals(view.shape(), w.shape())) {
                misshapen.add(src.path() + " " + Arrays.toString(t.shape()) + " (expected "
                        + Arrays.toString(src.haikuShape(w.shape())) + ")");
                continue;
            }
            out.put(w.key(), view.toWeight());
        }
        for (String rest : leaves.keySet()) {
            sort(layout, rest, ignored, unexpected);
        }
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " missing: " + abbreviate(missing));
        }
        if (!misshapen.isEmpty()) {
            problems.add(misshapen.size() + " with the wrong shape: " + abbreviate(misshapen));
        }
        if (!unexpected.isEmpty()) {
            problems.add(unexpected.size() + " neither backbone weights nor declared as ignored: " + abbreviate(unexpected));
        }
        if (!problems.isEmpty()) {
            throw new CheckpointException(where + ": not the haiku ResNet-50 of " + spec.featureDim() + " features that "
                    + stem + " implies; " + String.join("; ", problems));
        }
        return new KeyMap.Mapped(out, List.copyOf(ignored), Padding.TF_SAME);
    }

    /** {module: {name: array}} into leaves {@code field/module/name}. */
    private static void flatten(String field, Object tree, Map<String, RawTensor> leaves, List<String> unexpected) {
        if (!(tree instanceof Map<?, ?> modules)) {
            unexpected.add(field + " (not a haiku mapping: " + tree + ")");
            return;
        }
        for (Map.Entry<?, ?> m : modules.entrySet()) {
            String module = field + "/" + m.getKey();
            if (!(m.getValue() instanceof Map<?, ?> names)) {
                unexpected.add(module + " (not a mapping of arrays: " + m.getValue() + ")");
                continue;
            }
            for (Map.Entry<?, ?> n : names.entrySet()) {
                String path = module + "/" + n.getKey();
                if (n.getValue() instanceof RawTensor t) {
                    leaves.put(path, t);
                } else {
                    unexpected.add(path + " (not an array: " + n.getValue() + ")");
                }
            }
        }
    }

    private static void sort(HaikuLayout layout, String path, List<String> ignored, List<String> unexpected) {
        (KeyMap.matches(layout.ignored(), path) ? ignored : unexpected).add(path);
    }

    /** The haiku leaf of torchvision weight {@code torchName} (one of ResNetSpec.expectedWeights). */
    static Source source(HaikuLayout layout, String torchName) {
        int dot = torchName.lastIndexOf('.');
        String module = torchName.substring(0, dot);
        String part = torchName.substring(dot + 1);
        String hkModule = haikuModule(module);
        String hk = layout.encoder() + hkModule;
        boolean conv = hkModule.endsWith("_conv") || hkModule.matches(".*/conv_\\d");
        return switch (part) {
            case "weight" -> conv ? new Source(layout.params() + "/" + hk + "/w", true)
                    : new Source(layout.params() + "/" + hk + "/scale", false);
            case "bias" -> new Source(layout.params() + "/" + hk + "/offset", false);
            case "running_mean" -> new Source(layout.state() + "/" + hk + "/~/mean_ema/average", false);
            case "running_var" -> new Source(layout.state() + "/" + hk + "/~/var_ema/average", false);
            default -> throw new IllegalArgumentException("no haiku counterpart for " + torchName);
        };
    }

    private static String haikuModule(String torchModule) {
        if (torchModule.equals("conv1")) {
            return "initial_conv";
        }
        if (torchModule.equals("bn1")) {
            return "initial_batchnorm";
        }
        Matcher b = BLOCK.matcher(torchModule);
        if (b.matches()) {
            return group(b) + (b.group(3).equals("conv") ? "conv_" : "batchnorm_") + (Integer.parseInt(b.group(4)) - 1);
        }
        Matcher d = SHORTCUT.matcher(torchModule);
        if (d.matches()) {
            return group(d) + (d.group(3).equals("0") ? "shortcut_conv" : "shortcut_batchnorm");
        }
        throw new IllegalArgumentException("no haiku counterpart for module " + torchModule);
    }

    private static String group(Matcher m) {
        return "block_group_" + (Integer.parseInt(m.group(1)) - 1) + "/~/block_" + m.group(2) + "/~/";
    }

    /** HWIO [kh, kw, in, out] as OIHW [out, in, kh, kw]: a strided view, nothing copied. */
    static RawTensor hwioToOihw(RawTensor t) {
        long[] s = t.shape();
        long[] st = t.stride();
        if (s.length != 4) {
            return null;
        }
        return new RawTensor(t.storage(), t.offset(), new long[] {s[3], s[2], s[0], s[1]},
                new long[] {st[3], st[2], st[0], st[1]});
    }

    /** haiku's BatchNorm vectors (1, 1, 1, C) (or already (C)) as (C). */
    static RawTensor channels(RawTensor t) {
        long[] s = t.shape();
        long[] st = t.stride();
        if (s.length == 0) {
            return null;
        }
        for (int i = 0; i < s.length - 1; i++) {
            if (s[i] != 1) {
                return null;
            }
        }
        return new RawTensor(t.storage(), t.offset(), new long[] {s[s.length - 1]}, new long[] {st[st.length - 1]});
    }

    private static String abbreviate(List<String> keys) {
        return keys.size() <= 12 ? keys.toString() : keys.subList(0, 12) + " and " + (keys.size() - 12) + " more";
    }
}

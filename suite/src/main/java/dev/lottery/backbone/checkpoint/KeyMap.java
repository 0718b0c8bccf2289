package dev.lottery.backbone.checkpoint;

import dev.lottery.backbone.Padding;
import dev.lottery.backbone.WeightTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How one framework's checkpoint names map onto torchvision ResNet names. Strict: the state dict
 * is found under one of {@code containers} (or is the root), every key under {@code prefix} is a
 * backbone key once the prefix is stripped (unless it matches {@code dropped}, e.g. a projector
 * kept inside the encoder as {@code fc.*}), and every key outside the prefix must match
 * {@code outside} (momentum encoders, queues, predictors). Anything else fails the load, naming
 * the keys: a wrong checkpoint never silently yields other weights. A map may also declare a
 * {@link HaikuLayout}: a file holding that layout's pickled experiment state (BYOL's JAX release)
 * is then read through it instead, as strictly, and its weights carry {@link Padding#TF_SAME}.
 *
 * @param name       the id used by {@code --keymap} and {@code frameworks.csv}
 * @param containers keys of the checkpoint dict that may hold the state dict, tried in order
 * @param prefix     the prefix of backbone keys in the state dict ("" = none)
 * @param outside    patterns for keys outside the prefix that are allowed and ignored
 * @param dropped    patterns (in torchvision names) for backbone-side keys that are ignored
 * @param source     where the layout comes from
 * @param haiku      the JAX/haiku release layout this map also reads, if any
 * @param padding    how the network that a state dict under this map comes from pads (what its
 *                   release's own evaluation computed: {@link Padding#TORCH} for the PyTorch
 *                   trainers; BYOL's byol-convert evaluates its .pth with TF 'SAME' padding)
 */
public record KeyMap(String name, List<String> containers, String prefix, List<String> outside, List<String> dropped,
        String source, Optional<HaikuLayout> haiku, Padding padding) {

    /** The parameter and buffer names of a torchvision ResNet (what the graph is built from). */
    private static final Pattern TORCHVISION_NAME = Pattern.compile(
            "(conv1|bn1|layer\\d+\\.\\d+\\.(conv\\d|bn\\d|downsample\\.[01])|fc)\\.(weight|bias|running_mean|running_var)");

    public KeyMap {
        containers = List.copyOf(containers);
        outside = List.copyOf(outside);
        dropped = List.copyOf(dropped);
    }

    /** A PyTorch-layout map (no haiku release). */
    public KeyMap(String name, List<String> containers, String prefix, List<String> outside, List<String> dropped,
            String source) {
        this(name, containers, prefix, outside, dropped, source, Optional.empty(), Padding.TORCH);
    }

    /**
     * The mapped backbone weights, the keys that were ignored as declared, and the padding convention
     * of the network the weights come from (the graph must pad the same way to compute the same
     * features).
     */
    public record Mapped(Map<String, WeightTensor> weights, List<String> ignored, Padding padding) {}

    /** Applies the map to a checkpoint tree read by {@link CheckpointReader}; {@code file} names it in errors. */
    public Mapped apply(Object root, String file) {
        if (root instanceof Map<?, ?> top) {
            if (haiku.isPresent() && top.get(haiku.get().container()) instanceof PickledObject) {
                return HaikuResNet.map(haiku.get(), top, file, name);
            }
            for (Map.Entry<?, ?> e : top.entrySet()) {
                if (e.getValue() instanceof PickledObject p) {
                    throw new CheckpointException(file + " (keymap " + name + "): found a pickled " + p.type() + " under '"
                            + e.getKey() + "' (a JAX/haiku experiment state), which this key map does not read; is this"
                            + " the right --keymap?");
                }
            }
        }
        Map<?, ?> stateDict = stateDict(root, file);
        Map<String, WeightTensor> out = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (Map.Entry<?, ?> e : stateDict.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!key.startsWith(prefix)) {
                if (matches(outside, key)) {
                    ignored.add(key);
                } else {
                    unexpected.add(key);
                }
                continue;
            }
            String target = key.substring(prefix.length());
            if (matches(dropped, target)) {
                ignored.add(key);
                continue;
            }
            if (!TORCHVISION_NAME.matcher(target).matches()) {
                unexpected.add(key);
                continue;
            }
            if (!(e.getValue() instanceof RawTensor t)) {
                unexpected.add(key + " (not a tensor: " + e.getValue() + ")");
                continue;
            }
            String previous = origin.put(target, key);
            if (previous != null) {
                throw new CheckpointException(file + " (keymap " + name + "): keys '" + previous + "' and '" + key
                        + "' both map to '" + target + "'");
            }
            out.put(target, t.toWeight());
        }
        if (!unexpected.isEmpty()) {
            throw new CheckpointException(file + " (keymap " + name + "): " + unexpected.size()
                    + " key(s) are neither torchvision ResNet keys under '" + prefix + "' nor declared as ignored: "
                    + abbreviate(unexpected) + "; is this the right --keymap?");
        }
        if (out.isEmpty()) {
            throw new CheckpointException(file + " (keymap " + name + "): no backbone key under prefix '" + prefix
                    + "'; found " + abbreviate(stateDict.keySet().stream().map(String::valueOf).toList()));
        }
        return new Mapped(out, List.copyOf(ignored), padding);
    }

    private Map<?, ?> stateDict(Object root, String file) {
        if (!(root instanceof Map<?, ?> top)) {
            throw new CheckpointException(file + ": expected a dict at the top of the checkpoint, found "
                    + (root == null ? "None" : root.getClass().getSimpleName()));
        }
        for (String c : containers) {
            if (top.get(c) instanceof Map<?, ?> inner) {
                return inner;
            }
        }
        if (top.values().stream().anyMatch(v -> v instanceof RawTensor)) {
            return top;
        }
        throw new CheckpointException(file + " (keymap " + name + "): no state dict found; expected tensors at the"
                + " top level or a dict under " + containers + ", found keys "
                + abbreviate(top.keySet().stream().map(String::valueOf).toList()));
    }

    /** {@code "prefix*"}, {@code "*suffix"}, or an exact key. */
    static boolean matches(List<String> patterns, String key) {
        for (String p : patterns) {
            if (p.endsWith("*") ? key.startsWith(p.substring(0, p.length() - 1))
                    : p.startsWith("*") ? key.endsWith(p.substring(1)) : key.equals(p)) {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(List<String> keys) {
        return keys.size() <= 12 ? keys.toString()
                : keys.subList(0, 12) + " and " + (keys.size() - 12) + " more";
    }
}

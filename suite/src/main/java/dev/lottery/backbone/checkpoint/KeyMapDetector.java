package dev.lottery.backbone.checkpoint;

import dev.lottery.backbone.Padding;
import dev.lottery.backbone.WeightsDigest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the key map of a checkpoint whose layout nobody declared (a new method's file, {@code run --add}):
 * every declared SSL map is tried strictly, and {@code torchvision-ssl@P} for each prefix P that sits in
 * front of a {@code conv1.weight} in the file. The maps that read it are grouped by what they make of it
 * (the backbone weights and the padding); a declared layout beats a prefix found in the file; PyTorch padding
 * is preferred (a {@code .pth} comes from a PyTorch
 * network unless said otherwise: {@code keymap=byol} for a byol-convert file). One group left: detected.
 * None, or several: a clear error listing the keys found and the closest map, never a guess.
 */
public final class KeyMapDetector {

    private KeyMapDetector() {}

    /**
     * What detection found: the map to use, the others that read the file the same way, and what the map
     * made of it (so the caller need not read the file again).
     */
    public record Detected(String keymap, List<String> equivalent, KeyMap.Mapped mapped) {}

    public static Detected detect(Path file) {
        if (TfBundle.isBundle(file)) {
            return new Detected(SimclrTfLayout.KEYMAP, List.of(), SimclrTfLayout.load(file));
        }
        Object tree = CheckpointReader.read(file);
        List<String> candidates = new ArrayList<>();
        candidates.add(KeyMaps.SSL);
        KeyMaps.names().stream().filter(n -> !n.equals(KeyMaps.SSL) && !n.equals("torchvision")).forEach(candidates::add);
        prefixes(tree).forEach(p -> candidates.add(KeyMaps.SSL + KeyMaps.AT + p));
        Map<String, List<String>> groups = new LinkedHashMap<>();
        Map<String, Padding> paddings = new LinkedHashMap<>();
        Map<String, KeyMap.Mapped> read = new LinkedHashMap<>();
        for (String name : new LinkedHashSet<>(candidates)) {
            try {
                KeyMap.Mapped m = KeyMaps.named(name).apply(tree, file.toString());
                String what = m.padding().id() + " " + WeightsDigest.of("detect", m.weights());
                groups.computeIfAbsent(what, k -> new ArrayList<>()).add(name);
                read.putIfAbsent(what, m);
                paddings.put(what, m.padding());
            } catch (CheckpointException e) {
                // not this layout
            }
        }
        // a declared layout beats a prefix found in the file (MoCo's file also holds a key encoder under a prefix)
        if (groups.values().stream().anyMatch(KeyMapDetector::declared)) {
            groups.values().removeIf(names -> !declared(names));
            paddings.keySet().retainAll(groups.keySet());
        }
        if (groups.size() > 1 && paddings.values().stream().anyMatch(p -> p == Padding.TORCH)) {
            paddings.entrySet().removeIf(e -> e.getValue() != Padding.TORCH);
            groups.keySet().retainAll(paddings.keySet());
        }
        if (groups.size() == 1) {
            Map.Entry<String, List<String>> only = groups.entrySet().iterator().next();
            List<String> names = only.getValue();
            return new Detected(names.get(0), List.copyOf(names.subList(1, names.size())), read.get(only.getKey()));
        }
        List<String> keys = keys(tree);
        if (groups.isEmpty()) {
            throw new CheckpointException(file + ": no key map reads this checkpoint; it holds " + keys.size()
                    + " keys " + abbreviate(keys) + "; closest: " + closest(keys)
                    + ". Give keymap=NAME (known: " + KeyMaps.names() + ") or keymap=" + KeyMaps.SSL + KeyMaps.AT
                    + "PREFIX for a backbone under PREFIX");
        }
        throw new CheckpointException(file + ": ambiguous; key maps read it in " + groups.size() + " different ways: "
                + groups.values() + "; give keymap=NAME");
    }

    private static boolean declared(List<String> names) {
        return names.stream().anyMatch(n -> !n.contains(KeyMaps.AT));
    }

    /** Every P for which the file has P + "conv1.weight" and P + "bn1.weight" (a ResNet's stem under P). */
    static Set<String> prefixes(Object tree) {
        Set<String> out = new LinkedHashSet<>();
        List<String> keys = keys(tree);
        Set<String> all = new java.util.HashSet<>(keys);
        for (String k : keys) {
            if (k.endsWith("conv1.weight")) {
                String p = k.substring(0, k.length() - "conv1.weight".length());
                if (!p.isEmpty() && !p.matches(".*layer\\d+\\.\\d+\\.$") && all.contains(p + "bn1.weight")) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** The map whose prefix covers the most torchvision-named keys, with that count. */
    private static String closest(List<String> keys) {
        String best = KeyMaps.SSL;
        long bestCount = -1;
        for (String name : KeyMaps.names()) {
            String prefix = KeyMaps.named(name).prefix();
            long n = keys.stream().filter(k -> k.startsWith(prefix))
                    .filter(k -> k.substring(prefix.length()).matches(
                            "(conv1|bn1|layer\\d+\\.\\d+\\.(conv\\d|bn\\d|downsample\\.[01]))\\.(weight|bias|running_mean|running_var)"))
                    .count();
            if (n > bestCount) {
                best = name;
                bestCount = n;
            }
        }
        return best + " (" + bestCount + " backbone keys under its prefix)";
    }

    /** The state dict's keys: under a 'state_dict' or 'model' wrapper when there is one. */
    private static List<String> keys(Object tree) {
        if (!(tree instanceof Map<?, ?> top)) {
            return List.of();
        }
        for (String c : List.of("state_dict", "model", "network", "teacher")) {
            if (top.get(c) instanceof Map<?, ?> inner) {
                return inner.keySet().stream().map(String::valueOf).toList();
            }
        }
        return top.keySet().stream().map(String::valueOf).toList();
    }

    private static String abbreviate(List<String> keys) {
        return keys.size() <= 12 ? keys.toString() : keys.subList(0, 12) + " and " + (keys.size() - 12) + " more";
    }
}

package dev.lottery.backbone;

import java.util.Set;

/**
 * Which checkpoint keys the graph may ignore. Each pattern is {@code "prefix*"}, {@code "*suffix"}
 * (e.g. {@code "*.num_batches_tracked"}), or a key that matches itself and every key under it
 * ({@code "fc"} matches {@code fc.weight} and {@code fc.bias}).
 */
public record KeyFilter(Set<String> patterns) {

    public KeyFilter {
        patterns = Set.copyOf(patterns);
    }

    public static KeyFilter none() {
        return new KeyFilter(Set.of());
    }

    public boolean ignores(String key) {
        for (String p : patterns) {
            if (p.endsWith("*") ? key.startsWith(p.substring(0, p.length() - 1))
                    : p.startsWith("*") ? key.endsWith(p.substring(1))
                    : key.equals(p) || key.startsWith(p + ".")) {
                return true;
            }
        }
        return false;
    }
}

package dev.lottery.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An unmodifiable map that keeps its keys in the order given: what a report writes, so its JSON bytes are
 * the same in every JVM ({@code Map.of}'s iteration order changes from one run to the next).
 */
public final class Ordered {

    private Ordered() {}

    /** {@code key1, value1, key2, value2, ...}; keys are strings, a key given twice is an error. */
    public static Map<String, Object> map(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected key, value pairs, got " + keysAndValues.length + " items");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (m.put((String) keysAndValues[i], keysAndValues[i + 1]) != null) {
                throw new IllegalArgumentException("key '" + keysAndValues[i] + "' given twice");
            }
        }
        return Collections.unmodifiableMap(m);
    }
}

package dev.lottery.run;

import dev.lottery.features.Bundle;
import dev.lottery.features.ContentStore;
import dev.lottery.features.FeatureMatrix;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * A separate process for {@link SharedCacheTest}: writes the same keys as its twin, over and over,
 * and reads every key back between writes, checking the content. Exit 0 when every read saw either
 * no entry or the complete, correct one; 1 otherwise.
 *
 * <p>Usage: {@code CacheHammer <cache-root> <rounds> <name>}
 */
final class CacheHammer {

    static final int KEYS = 6;
    static final int ROWS = 256;
    static final int COLS = 512;

    private CacheHammer() {}

    public static void main(String[] args) {
        ContentStore store = new ContentStore(Path.of(args[0]));
        int rounds = Integer.parseInt(args[1]);
        int reads = 0;
        int bad = 0;
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < KEYS; k++) {
                store.put("features", key(k), bundle(k));
                for (int j = 0; j < KEYS; j++) {
                    Optional<Bundle> b = store.get("features", key(j));
                    if (b.isPresent()) {
                        reads++;
                        if (!Arrays.equals(b.get().matrix("x").values(), values(j))) {
                            bad++;
                            System.out.println("wrong content under key " + j);
                        }
                    }
                }
            }
        }
        store.problems().forEach(p -> System.out.println("problem: " + p));
        System.out.println(args[2] + " reads=" + reads + " bad=" + bad + " problems=" + store.problems().size());
        System.exit(bad == 0 && store.problems().isEmpty() ? 0 : 1);
    }

    static String key(int k) {
        return String.format("%064x", 0xabcdef00L + k);
    }

    static Bundle bundle(int k) {
        return Bundle.of("x", new FeatureMatrix(ROWS, COLS, values(k)));
    }

    static float[] values(int k) {
        float[] v = new float[ROWS * COLS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(i * 0.001 + k);
        }
        return v;
    }
}

package dev.lottery.features;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the store keeps under one key: named float matrices (features, head weights) as chunked
 * {@link FeatureRows}, named int arrays (labels) and named text lists (bad-sample reports). Label
 * sets of varying length are kept as offsets + values (see {@link #withLabelSets}).
 */
public record Bundle(Map<String, FeatureRows> matrices, Map<String, int[]> ints, Map<String, List<String>> texts) {

    public Bundle {
        matrices = Map.copyOf(matrices);
        ints = Map.copyOf(ints);
        texts = Map.copyOf(texts);
    }

    public static Bundle of(String name, FeatureMatrix m) {
        return of(name, FeatureRows.of(m));
    }

    public static Bundle of(String name, FeatureRows rows) {
        return new Bundle(Map.of(name, rows), Map.of(), Map.of());
    }

    /** A bundle with no matrices. */
    public static Bundle empty() {
        return new Bundle(Map.of(), Map.of(), Map.of());
    }

    public Bundle withInts(String name, int... values) {
        Map<String, int[]> is = new LinkedHashMap<>(ints);
        is.put(name, values.clone());
        return new Bundle(matrices, is, texts);
    }

    public int[] intArray(String name) {
        int[] v = ints.get(name);
        if (v == null) {
            throw new IllegalStateException("stored bundle has no int array '" + name + "' (has " + ints.keySet() + ")");
        }
        return v;
    }

    public Bundle withTexts(String name, List<String> lines) {
        Map<String, List<String>> ts = new LinkedHashMap<>(texts);
        ts.put(name, List.copyOf(lines));
        return new Bundle(matrices, ints, ts);
    }

    public List<String> textList(String name) {
        return texts.getOrDefault(name, List.of());
    }

    /** A matrix as rows (no copy; mapped from the store file when read from the store). */
    public FeatureRows rows(String name) {
        FeatureRows m = matrices.get(name);
        if (m == null) {
            throw new IllegalStateException("stored bundle has no matrix '" + name + "' (has " + matrices.keySet() + ")");
        }
        return m;
    }

    /** A small matrix (a head, a bias) copied into one array. */
    public FeatureMatrix matrix(String name) {
        return rows(name).toMatrix();
    }

    public Bundle withMatrix(String name, FeatureMatrix m) {
        return withRows(name, FeatureRows.of(m));
    }

    public Bundle withRows(String name, FeatureRows m) {
        Map<String, FeatureRows> ms = new LinkedHashMap<>(matrices);
        ms.put(name, m);
        return new Bundle(ms, ints, texts);
    }

    /** Adds ragged label sets as {@code name.offsets} (n + 1 entries) and {@code name.values}. */
    public Bundle withLabelSets(String name, int[][] labels) {
        int[] offsets = new int[labels.length + 1];
        for (int i = 0; i < labels.length; i++) {
            offsets[i + 1] = offsets[i] + labels[i].length;
        }
        int[] values = new int[offsets[labels.length]];
        for (int i = 0; i < labels.length; i++) {
            System.arraycopy(labels[i], 0, values, offsets[i], labels[i].length);
        }
        Map<String, int[]> is = new LinkedHashMap<>(ints);
        is.put(name + ".offsets", offsets);
        is.put(name + ".values", values);
        return new Bundle(matrices, is, texts);
    }

    public int[][] labelSets(String name) {
        int[] offsets = ints.get(name + ".offsets");
        int[] values = ints.get(name + ".values");
        if (offsets == null || values == null) {
            throw new IllegalStateException("stored bundle has no label sets '" + name + "'");
        }
        int[][] out = new int[offsets.length - 1][];
        for (int i = 0; i < out.length; i++) {
            out[i] = java.util.Arrays.copyOfRange(values, offsets[i], offsets[i + 1]);
        }
        return out;
    }
}

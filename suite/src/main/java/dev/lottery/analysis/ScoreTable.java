package dev.lottery.analysis;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * Accuracy per (framework, variant), percent in [0, 100]; {@code NaN} marks a missing score.
 * Arrays are copied in and out, so a table never changes after construction.
 *
 * @param scores {@code [framework][variant]}, in the order of {@code frameworks} and {@code variants}
 */
public record ScoreTable(List<String> frameworks, List<String> variants, double[][] scores) {

    public ScoreTable {
        frameworks = List.copyOf(frameworks);
        variants = List.copyOf(variants);
        requireDistinct(frameworks, "framework");
        requireDistinct(variants, "variant");
        if (scores.length != frameworks.size()) {
            throw new IllegalArgumentException("expected " + frameworks.size() + " rows of scores (one per framework), found "
                    + scores.length);
        }
        double[][] copy = new double[scores.length][];
        for (int f = 0; f < scores.length; f++) {
            if (scores[f].length != variants.size()) {
                throw new IllegalArgumentException("framework '" + frameworks.get(f) + "': expected " + variants.size()
                        + " scores (one per variant), found " + scores[f].length);
            }
            for (int v = 0; v < variants.size(); v++) {
                double s = scores[f][v];
                if (!Double.isNaN(s) && !(s >= 0 && s <= 100)) {
                    throw new IllegalArgumentException("framework '" + frameworks.get(f) + "', variant '" + variants.get(v)
                            + "': expected a percentage in [0, 100] or NaN for missing, found " + s);
                }
            }
            copy[f] = scores[f].clone();
        }
        scores = copy;
    }

    /** A copy of the scores, {@code [framework][variant]}. */
    @Override
    public double[][] scores() {
        double[][] copy = new double[scores.length][];
        for (int f = 0; f < scores.length; f++) {
            copy[f] = scores[f].clone();
        }
        return copy;
    }

    /** The score of one cell; {@code NaN} when missing. Unknown names are an error. */
    public double get(String framework, String variant) {
        return scores[frameworkIndex(framework)][variantIndex(variant)];
    }

    /** One score per framework (in {@link #frameworks()} order) for the given variant. */
    public double[] column(String variant) {
        int v = variantIndex(variant);
        double[] out = new double[scores.length];
        for (int f = 0; f < scores.length; f++) {
            out[f] = scores[f][v];
        }
        return out;
    }

    int frameworkIndex(String framework) {
        int i = frameworks.indexOf(framework);
        if (i < 0) {
            throw new IllegalArgumentException("unknown framework '" + framework + "'; the table has " + frameworks);
        }
        return i;
    }

    int variantIndex(String variant) {
        int i = variants.indexOf(variant);
        if (i < 0) {
            throw new IllegalArgumentException("unknown variant '" + variant + "'; the table has " + variants);
        }
        return i;
    }

    private static void requireDistinct(List<String> names, String what) {
        var seen = new HashSet<String>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new IllegalArgumentException(what + " '" + n + "' appears twice in the table");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoreTable t && t.frameworks.equals(frameworks) && t.variants.equals(variants)
                && Arrays.deepEquals(t.scores, scores);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * frameworks.hashCode() + variants.hashCode()) + Arrays.deepHashCode(scores);
    }

    @Override
    public String toString() {
        return "ScoreTable[" + frameworks.size() + " frameworks x " + variants + "]";
    }
}

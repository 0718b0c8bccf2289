package dev.lottery.analysis;

import java.util.Arrays;
import java.util.Collection;
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

    /**
     * The table of {@code frameworks} x {@code variants} filled from fixture scores: the one way a run,
     * a merge of shards and a stored run build it, so all three give the same table for the same scores.
     *
     * <p>The missing-cell rule: a (framework, variant) with no score is {@code NaN}, and the analysis
     * treats {@code NaN} as "no score" everywhere (no rank, no aggregate, dropped from τ and from the
     * lottery pairs), never as 0. A score of a framework or variant outside the given names is left
     * out (the table covers what was asked for); two scores for one cell are an error.
     */
    public static ScoreTable of(List<String> frameworks, List<String> variants,
            Collection<? extends FixtureScore> scores) {
        double[][] table = new double[frameworks.size()][variants.size()];
        for (double[] row : table) {
            Arrays.fill(row, Double.NaN);
        }
        boolean[][] filled = new boolean[frameworks.size()][variants.size()];
        for (FixtureScore s : scores) {
            int f = frameworks.indexOf(s.framework());
            int v = variants.indexOf(s.variant());
            if (f < 0 || v < 0) {
                continue;
            }
            if (filled[f][v]) {
                throw new IllegalArgumentException("framework '" + s.framework() + "', variant '" + s.variant()
                        + "': expected one score per cell, found two");
            }
            filled[f][v] = true;
            table[f][v] = s.score();
        }
        return new ScoreTable(frameworks, variants, table);
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

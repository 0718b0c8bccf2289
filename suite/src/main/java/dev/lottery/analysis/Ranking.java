package dev.lottery.analysis;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Ranks of frameworks by score: 1 = highest score. */
public final class Ranking {

    private Ranking() {
    }

    /**
     * Rank of every score among the non-missing ones: 1 for the highest; scores that are exactly
     * equal share the average of the ranks they span (75, 75, 70 -> 1.5, 1.5, 3); a missing
     * score ({@code NaN}) gets rank {@code NaN} and takes no rank from the others.
     */
    public static double[] ranks(double[] scores) {
        double[] out = new double[scores.length];
        Arrays.fill(out, Double.NaN);
        Integer[] order = new Integer[scores.length];
        int present = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isNaN(scores[i])) {
                order[present++] = i;
            }
        }
        Integer[] byScore = Arrays.copyOf(order, present);
        Arrays.sort(byScore, (a, b) -> Double.compare(scores[b], scores[a]));
        int start = 0;
        while (start < present) {
            int end = start;
            while (end + 1 < present && scores[byScore[end + 1]] == scores[byScore[start]]) {
                end++;
            }
            double rank = (start + end) / 2.0 + 1; // average of ranks start+1 .. end+1
            for (int k = start; k <= end; k++) {
                out[byScore[k]] = rank;
            }
            start = end + 1;
        }
        return out;
    }

    /** For each variant (in table order), the frameworks' ranks in {@link ScoreTable#frameworks()} order. */
    public static Map<String, double[]> perVariant(ScoreTable table) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String v : table.variants()) {
            out.put(v, ranks(table.column(v)));
        }
        return Collections.unmodifiableMap(out);
    }
}

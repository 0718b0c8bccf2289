package dev.lottery.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Rank changes from a reference variant (ImageNet val) to every other variant. */
public final class RankChanges {

    private RankChanges() {
    }

    /**
     * One {@link RankChange} per (other variant, framework), variants then frameworks in table
     * order. For each variant both rankings are taken over the same frameworks, those with a
     * score on both the reference and that variant, so a framework missing on one variant does
     * not shift the others' changes (and the changes of a variant sum to zero).
     */
    public static List<RankChange> compute(ScoreTable table, String referenceVariant) {
        double[] reference = table.column(referenceVariant);
        List<RankChange> out = new ArrayList<>();
        for (String variant : table.variants()) {
            if (variant.equals(referenceVariant)) {
                continue;
            }
            double[] other = table.column(variant);
            double[] ref = reference.clone();
            for (int f = 0; f < ref.length; f++) {
                if (Double.isNaN(other[f])) {
                    ref[f] = Double.NaN;
                } else if (Double.isNaN(ref[f])) {
                    other[f] = Double.NaN;
                }
            }
            double[] refRanks = Ranking.ranks(ref);
            double[] varRanks = Ranking.ranks(other);
            for (int f = 0; f < ref.length; f++) {
                out.add(new RankChange(table.frameworks().get(f), variant, refRanks[f], varRanks[f],
                        refRanks[f] - varRanks[f]));
            }
        }
        return Collections.unmodifiableList(out);
    }
}

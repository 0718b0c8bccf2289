package dev.lottery.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Finds marginal reference-variant wins that reverse on another variant. */
public final class LotteryFinder {

    private LotteryFinder() {
    }

    /**
     * All pairs (a, b) and variants v other than the reference where
     * {@code 0 < ref(a) - ref(b) < margin} and {@code v(b) > v(a)}; missing scores never pair.
     * Order: variants in table order, then a, then b in framework order.
     *
     * @param margin percentage points, positive and finite; the bound is strict
     */
    public static List<LotteryPair> find(ScoreTable table, String referenceVariant, double margin) {
        if (!(margin > 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("expected a positive finite lottery margin in percentage points, found " + margin);
        }
        double[] ref = table.column(referenceVariant);
        List<String> frameworks = table.frameworks();
        List<LotteryPair> out = new ArrayList<>();
        for (String variant : table.variants()) {
            if (variant.equals(referenceVariant)) {
                continue;
            }
            double[] other = table.column(variant);
            for (int a = 0; a < ref.length; a++) {
                for (int b = 0; b < ref.length; b++) {
                    double refGap = ref[a] - ref[b];
                    double reversal = other[b] - other[a];
                    // NaN compares false, so missing scores drop out here
                    if (refGap > 0 && refGap < margin && reversal > 0) {
                        out.add(new LotteryPair(frameworks.get(a), frameworks.get(b), refGap, variant, reversal));
                    }
                }
            }
        }
        return Collections.unmodifiableList(out);
    }
}

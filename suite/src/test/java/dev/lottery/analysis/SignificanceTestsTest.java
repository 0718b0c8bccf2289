package dev.lottery.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lottery.score.Correctness;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignificanceTestsTest {

    private static final List<String> FW = List.of("a", "b", "c");
    private static final List<String> VS = List.of("val", "shift");
    private static final List<AggregateDefinition> MEAN = List.of(AggregateDefinition.of("mean", AggregateKind.MEAN, VS, false));

    /** Images {@code from..to-1} right, of {@code n}. */
    private static Correctness right(int n, int from, int to) {
        boolean[] b = new boolean[n];
        java.util.Arrays.fill(b, from, to, true);
        return Correctness.of(b);
    }

    /**
     * val (1000 images): a right on 0..509 (51%), b on 100..599 (50%): 100 images only a, 90 only b,
     * a 1 pp margin the images do not back. shift (200 images): b right on 0..149, a on 0..49: b wins
     * by 50 pp on 100 discordant images all its own. c (80% on val, 50% on shift) beats b on val on 300
     * images of its own and loses to it on shift on 50: a real reversal, but outside the 2 pp lottery margin.
     */
    private static Predictions predictions(String shiftAlignmentOfC) {
        return new Predictions.Builder()
                .add("a", "val", "v", 0, right(1000, 0, 510)).add("a", "val", "v", 1, right(1000, 0, 510))
                .add("a", "shift", "s", 0, right(200, 0, 50)).add("a", "shift", "s", 1, right(200, 0, 50))
                .add("b", "val", "v", 0, right(1000, 100, 600)).add("b", "val", "v", 1, right(1000, 100, 600))
                .add("b", "shift", "s", 0, right(200, 0, 150)).add("b", "shift", "s", 1, right(200, 0, 150))
                .add("c", "val", "v", 0, right(1000, 0, 800)).add("c", "val", "v", 1, right(1000, 0, 800))
                .add("c", "shift", shiftAlignmentOfC, 0, right(200, 0, 100))
                .add("c", "shift", shiftAlignmentOfC, 1, right(200, 0, 100))
                .build();
    }

    private static AnalysisResult analyse(Predictions p) {
        ScoreTable t = new ScoreTable(FW, VS, new double[][] {{51, 25}, {50, 75}, {80, 50}});
        return Analysis.analyse(t, "val", MEAN, 2.0, p, SignificanceSettings.DEFAULT);
    }

    @Test
    void aLotteryPairWhoseValMarginIsNoise() {
        AnalysisResult r = analyse(predictions("s"));
        assertThat(r.lottery()).singleElement().isEqualTo(new LotteryPair("a", "b", 1.0, "shift", 50.0));
        Significance.PairTest t = r.significance().testOf(r.lottery().get(0));
        assertThat(t.lottery()).isTrue();
        assertThat(t.reference().perSeed()).hasSize(2).allSatisfy(s -> {
            assertThat(s.mcnemar().firstOnly()).isEqualTo(100);
            assertThat(s.mcnemar().secondOnly()).isEqualTo(90);
        });
        assertThat(t.reference().p()).isGreaterThan(0.05);
        assertThat(t.reference().significant()).isFalse();
        assertThat(t.reference().marginInterval().contains(0)).isTrue();
        // the reversal: 100 discordant images, all b's: McNemar p = 2 / 2^100
        assertThat(t.reversal().perSeed().get(0).mcnemar().p()).isCloseTo(2 * Math.pow(0.5, 100),
                org.assertj.core.api.Assertions.withinPercentage(1e-6));
        assertThat(t.reversal().p()).isEqualTo(2.0 / 1001);
        assertThat(t.verdict()).isEqualTo(Significance.Verdict.REFERENCE_NOISE);
    }

    @Test
    void aRealReversalOutsideTheLotteryMarginAndTheRankChanges() {
        AnalysisResult r = analyse(predictions("s"));
        Significance.PairTest cb = r.significance().reversals().stream()
                .filter(t -> t.better().equals("c") && t.worse().equals("b")).findFirst().orElseThrow();
        assertThat(cb.lottery()).isFalse();
        assertThat(cb.verdict()).isEqualTo(Significance.Verdict.SIGNIFICANT_BOTH_SIDES);
        assertThat(r.significance().reversals()).hasSize(2);
        // b moves from rank 3 on val to 1 on shift, swapping with a (noise on val) and c (real)
        Significance.RankChangeTest b = r.significance().rankChanges().stream()
                .filter(c -> c.framework().equals("b")).findFirst().orElseThrow();
        assertThat(b.change()).isEqualTo(2);
        assertThat(b.swaps()).isEqualTo(2);
        assertThat(b.significantSwaps()).isEqualTo(1);
        assertThat(b.interval().contains(2)).isTrue();
    }

    @Test
    void intervalsOfAccuracyRankAndAggregateComeFromTheSameResamples() {
        AnalysisResult r = analyse(predictions("s"));
        Significance s = r.significance();
        assertThat(s.accuracy().get("val").get(2).contains(80)).isTrue();
        assertThat(s.ranks().get("val").get(2)).isEqualTo(new Bounds(1, 1));
        // a and b swap on val in some resamples: both ranks span 2..3
        assertThat(s.ranks().get("val").get(0)).isEqualTo(new Bounds(2, 3));
        Bounds mean = s.aggregates().get("mean").get(2);
        assertThat(mean.contains(65)).isTrue();
        assertThat(mean.upper() - mean.lower()).isLessThan(s.accuracy().get("shift").get(2).upper()
                - s.accuracy().get("shift").get(2).lower());
        // deterministic: the same input gives the same numbers
        assertThat(analyse(predictions("s")).significance()).isEqualTo(s);
    }

    @Test
    void aFrameworkScoredOnOtherImagesIsLeftOutAndNamed() {
        AnalysisResult r = analyse(predictions("other"));
        assertThat(r.significance().notes()).singleElement().asString().contains("c/shift")
                .contains("other images");
        assertThat(r.significance().reversals()).noneMatch(t -> t.better().equals("c"));
        assertThat(r.significance().ranks().get("shift").get(2)).isEqualTo(Bounds.NONE);
    }

    @Test
    void eachVariantIsResampledOnItsOwnAndItsNotesComeInVariantOrder() {
        // c on other images everywhere: left out of every variant, one note each, in the table's variant order
        Predictions.Builder p = new Predictions.Builder();
        List<String> variants = List.of("v1", "v2", "v3", "v4", "v5");
        for (String v : variants) {
            for (String f : FW) {
                String alignment = f.equals("c") ? "other" : "common";
                p.add(f, v, alignment, 0, right(300, f.equals("a") ? 0 : 20, 200 + variants.indexOf(v) * 10))
                        .add(f, v, alignment, 1, right(300, 0, 150 + variants.indexOf(v) * 20));
            }
        }
        double[][] scores = {{60, 61, 62, 63, 64}, {59, 60, 61, 62, 63}, {10, 10, 10, 10, 10}};
        Significance all = Analysis.analyse(new ScoreTable(FW, variants, scores), "v1", List.of(), 2.0, p.build(),
                SignificanceSettings.DEFAULT).significance();
        assertThat(all.notes()).hasSize(5);
        for (int i = 0; i < variants.size(); i++) {
            assertThat(all.notes().get(i)).startsWith("c/" + variants.get(i) + ":");
        }
        // v4's intervals are the same when it is analysed with v1 only: a variant's resamples depend on it alone
        double[][] two = {{60, 63}, {59, 62}, {10, 10}};
        Significance pair = Analysis.analyse(new ScoreTable(FW, List.of("v1", "v4"), two), "v1", List.of(), 2.0,
                p.build(), SignificanceSettings.DEFAULT).significance();
        assertThat(pair.accuracy().get("v4")).isEqualTo(all.accuracy().get("v4"));
        assertThat(pair.ranks().get("v4")).isEqualTo(all.ranks().get("v4"));
    }

    @Test
    void withoutPerImageOutcomesNothingIsTested() {
        ScoreTable t = new ScoreTable(FW, VS, new double[][] {{51, 25}, {50, 75}, {80, 50}});
        Significance s = Analysis.analyse(t, "val", MEAN, 2.0).significance();
        assertThat(s.available()).isFalse();
        assertThat(s.reversals()).isEmpty();
        assertThat(s.notes()).singleElement().asString().contains("no per-image outcomes");
    }
}

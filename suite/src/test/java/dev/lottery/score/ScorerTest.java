package dev.lottery.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScorerTest {

    // 4 samples x 5 classes; full argmax per row: 1, 4, 0, 2
    private static final float[] LOGITS = {
        0.1f, 0.9f, 0.3f, 0.0f, 0.2f,
        0.5f, 0.1f, 0.2f, 0.3f, 0.8f,
        0.7f, 0.1f, 0.6f, 0.0f, 0.0f,
        0.0f, 0.2f, 0.9f, 0.1f, 0.4f,
    };

    @Test
    void top1CountsArgmaxHits() {
        int[][] labels = {{1}, {4}, {2}, {3}};
        Score s = Scorer.score(LOGITS, 5, labels, new ScoringRule.Top1());
        assertThat(s.correct()).isEqualTo(2);
        assertThat(s.scored()).isEqualTo(4);
        assertThat(s.excluded()).isZero();
        assertThat(s.accuracy()).isEqualTo(50.0);
        assertThat(s.interval().lower()).isCloseTo(100 * Intervals.clopperPearson(2, 4, 0.95).lower(), within(1e-9));
        assertThat(s.interval().upper()).isCloseTo(100 * Intervals.clopperPearson(2, 4, 0.95).upper(), within(1e-9));
    }

    @Test
    void tiesGoToTheLowestIndex() {
        float[] tied = {0.5f, 0.9f, 0.9f, 0.9f};
        assertThat(Scorer.predictions(tied, 4, new ScoringRule.Top1())).containsExactly(1);
        assertThat(Scorer.predictions(tied, 4, new ScoringRule.ClassSubset(new int[] {3, 2}))).containsExactly(2);
        float[] allEqual = {1f, 1f, 1f};
        assertThat(Scorer.predictions(allEqual, 3, new ScoringRule.Top1())).containsExactly(0);
        float[] negInf = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        assertThat(Scorer.predictions(negInf, 2, new ScoringRule.Top1())).containsExactly(0);
    }

    @Test
    void labelSetsExcludeEmptySets() {
        // row 0 predicts 1 in {1,2}: hit; row 1 empty: excluded; row 2 predicts 0 not in {2}: miss;
        // row 3 predicts 2 in {4,2}: hit
        int[][] labels = {{1, 2}, {}, {2}, {4, 2}};
        Score s = Scorer.score(LOGITS, 5, labels, new ScoringRule.LabelSets());
        assertThat(s.correct()).isEqualTo(2);
        assertThat(s.scored()).isEqualTo(3);
        assertThat(s.excluded()).isEqualTo(1);
        assertThat(s.accuracy()).isCloseTo(200.0 / 3, within(1e-12));
    }

    /**
     * The per-image bits skip excluded samples, so they depend on the labels and the rule only: any head
     * scored on these labels has its bit k for the same image. ReaL: rows 0, 2, 3 are scored (row 1 has
     * an empty set); restricted to {0, 2}: rows 2 and 3 (labels 0 and 2) are scored, with the subset's argmax.
     */
    @Test
    void perImageBitsCoverTheScoredSamplesInOrder() {
        ScoredImages real = Scorer.scoreImages(LOGITS, 5, new int[][] {{1, 2}, {}, {2}, {4, 2}}, new ScoringRule.LabelSets());
        assertThat(real.correctness()).isEqualTo(Correctness.of(true, false, true));
        assertThat(real.correctness().count()).isEqualTo(real.score().correct());

        ScoringRule.RestrictedSubset restricted = new ScoringRule.RestrictedSubset(new ScoringRule.ClassSubset(new int[] {0, 2}));
        ScoredImages r = Scorer.scoreImages(LOGITS, 5, new int[][] {{1}, {4}, {0}, {2}}, restricted);
        // row 2: 0.7 vs 0.6 -> class 0, right; row 3: 0.0 vs 0.9 -> class 2, right
        assertThat(r.correctness()).isEqualTo(Correctness.of(true, true));
        assertThat(r.score().excluded()).isEqualTo(2);

        ScoredImages top1 = Scorer.scoreImages(LOGITS, 5, new int[][] {{1}, {4}, {2}, {3}}, new ScoringRule.Top1());
        assertThat(top1.correctness()).isEqualTo(Correctness.of(true, true, false, false));
        assertThat(top1.score()).isEqualTo(Scorer.score(LOGITS, 5, new int[][] {{1}, {4}, {2}, {3}}, new ScoringRule.Top1()));
    }

    @Test
    void allSetsEmptyIsAnError() {
        assertThatThrownBy(() -> Scorer.score(LOGITS, 5, new int[][] {{}, {}, {}, {}}, new ScoringRule.LabelSets()))
                .hasMessageContaining("no sample was scored").hasMessageContaining("4 excluded");
    }

    @Test
    void subsetArgmaxDiffersFromFullArgmax() {
        ScoringRule.ClassSubset subset = new ScoringRule.ClassSubset(new int[] {0, 2, 3});
        // restricted to {0,2,3}: row 0 -> 2 (full 1), row 1 -> 0 (full 4), row 2 -> 0, row 3 -> 2
        assertThat(Scorer.predictions(LOGITS, 5, subset)).containsExactly(2, 0, 0, 2);
        assertThat(Scorer.predictions(LOGITS, 5, new ScoringRule.Top1())).containsExactly(1, 4, 0, 2);
        int[][] labels = {{2}, {0}, {2}, {3}};
        Score s = Scorer.score(LOGITS, 5, labels, subset);
        assertThat(s.correct()).isEqualTo(2);
        assertThat(Scorer.score(LOGITS, 5, labels, new ScoringRule.Top1()).correct()).isZero();
    }

    @Test
    void labelOutsideSubsetNamesTheSample() {
        ScoringRule.ClassSubset subset = new ScoringRule.ClassSubset(new int[] {0, 2, 3});
        int[][] labels = {{2}, {0}, {4}, {3}};
        assertThatThrownBy(() -> Scorer.score(LOGITS, 5, labels, subset))
                .hasMessageContaining("sample 2").hasMessageContaining("label 4").hasMessageContaining("not in the scoring subset");
    }

    @Test
    void subsetBeyondTheLogitsIsAnError() {
        assertThatThrownBy(() -> Scorer.predictions(LOGITS, 5, new ScoringRule.ClassSubset(new int[] {1, 5})))
                .hasMessageContaining("class 5").hasMessageContaining("5 classes");
    }

    @Test
    void malformedInputsNameTheSample() {
        assertThatThrownBy(() -> Scorer.score(LOGITS, 5, new int[][] {{1}, {4, 3}, {0}, {2}}, new ScoringRule.Top1()))
                .hasMessageContaining("sample 1").hasMessageContaining("exactly one label, found 2");
        assertThatThrownBy(() -> Scorer.score(LOGITS, 5, new int[][] {{1}, {4}, {5}, {2}}, new ScoringRule.Top1()))
                .hasMessageContaining("sample 2").hasMessageContaining("0..4").hasMessageContaining("found 5");
        assertThatThrownBy(() -> Scorer.score(LOGITS, 5, new int[][] {{1}, {4}, {0}}, new ScoringRule.Top1()))
                .hasMessageContaining("3 samples x 5 classes = 15 logits, found 20");
        float[] withNaN = LOGITS.clone();
        withNaN[13] = Float.NaN;
        assertThatThrownBy(() -> Scorer.score(withNaN, 5, new int[][] {{1}, {4}, {0}, {2}}, new ScoringRule.Top1()))
                .hasMessageContaining("sample 2").hasMessageContaining("class 3").hasMessageContaining("NaN");
        assertThatThrownBy(() -> Scorer.predictions(new float[7], 5, new ScoringRule.Top1()))
                .hasMessageContaining("multiple of numClasses = 5");
    }

    @Test
    void restrictedScoringExcludesSamplesOutsideTheSubset() {
        ScoringRule.ClassSubset subset = new ScoringRule.ClassSubset(new int[] {0, 2, 3});
        // subset argmax per row: 2, 0, 0, 2; labels 2 (hit), 4 (outside), 0 (hit), 3 (miss)
        Score s = Scorer.scoreRestricted(LOGITS, 5, new int[][] {{2}, {4}, {0}, {3}}, subset);
        assertThat(s.correct()).isEqualTo(2);
        assertThat(s.scored()).isEqualTo(3);
        assertThat(s.excluded()).isEqualTo(1);
        assertThatThrownBy(() -> Scorer.scoreRestricted(LOGITS, 5, new int[][] {{1}, {4}, {1}, {4}}, subset))
                .hasMessageContaining("no sample was scored");
    }

    @Test
    void restrictedRuleScoresLikeScoreRestrictedAndPredictsOverTheSubset() {
        ScoringRule.RestrictedSubset rule = new ScoringRule.RestrictedSubset(new ScoringRule.ClassSubset(new int[] {0, 2, 3}));
        int[][] labels = {{2}, {4}, {0}, {3}};
        assertThat(Scorer.score(LOGITS, 5, labels, rule)).isEqualTo(Scorer.scoreRestricted(LOGITS, 5, labels, rule.subset()));
        assertThat(Scorer.predictions(LOGITS, 5, rule)).containsExactly(2, 0, 0, 2);
        // the same labels under the plain subset rule are an error: label 4 is not one of its classes
        assertThatThrownBy(() -> Scorer.score(LOGITS, 5, labels, rule.subset()))
                .hasMessageContaining("sample 1").hasMessageContaining("not in the scoring subset");
        assertThatThrownBy(() -> Scorer.score(LOGITS, 5, new int[][] {{2}, {4, 1}, {0}, {3}}, rule))
                .hasMessageContaining("sample 1").hasMessageContaining("exactly one label");
    }

    @Test
    void seedSpread() {
        SeedSpread s = SeedSpread.of(new double[] {67.3, 67.5, 67.7});
        assertThat(s.n()).isEqualTo(3);
        assertThat(s.mean()).isCloseTo(67.5, within(1e-12));
        assertThat(s.sd()).isCloseTo(0.2, within(1e-12));
        assertThat(s.min()).isEqualTo(67.3);
        assertThat(s.max()).isEqualTo(67.7);
        SeedSpread one = SeedSpread.of(new double[] {71.1});
        assertThat(one.sd()).isZero();
        assertThat(one.mean()).isEqualTo(71.1);
        assertThatThrownBy(() -> SeedSpread.of(new double[0])).hasMessageContaining("at least one");
        assertThatThrownBy(() -> SeedSpread.of(new double[] {1, Double.NaN})).hasMessageContaining("position 1");
    }
}

package dev.lottery.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lottery.score.Correctness;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {

    private static final SignificanceSettings S = SignificanceSettings.DEFAULT;

    private static Correctness firstCorrect(int images, int correct) {
        boolean[] b = new boolean[images];
        Arrays.fill(b, 0, correct, true);
        return Correctness.of(b);
    }

    private static double[] one(String variant, Correctness head) {
        return PairedBootstrap.accuracies(variant, head.images(), List.of(List.of(head)),
                List.<int[][]>of(PairedBootstrap.seedDraws("a", 1, S)), S)[0];
    }

    /**
     * Two images, one right: a resample scores 0, 50 or 100 with probabilities 1/4, 1/2, 1/4, so the
     * 26th and 975th of 1000 sorted resamples are 0 and 100 (fewer than 26 zeros has probability
     * below 1e-80). With seed 14 the counts are pinned: the draws are part of the method.
     */
    @Test
    void twoImagesGiveTheWholeRange() {
        double[] acc = one("tiny", Correctness.of(true, false));
        assertThat(Bounds.percentile(acc, S)).isEqualTo(new Bounds(0, 100));
        long zeros = Arrays.stream(acc).filter(x -> x == 0).count();
        long halves = Arrays.stream(acc).filter(x -> x == 50).count();
        long ones = Arrays.stream(acc).filter(x -> x == 100).count();
        assertThat(zeros + halves + ones).isEqualTo(1000);
        assertThat(new long[] {zeros, halves, ones}).containsExactly(PINNED_TWO_IMAGES);
    }

    static final long[] PINNED_TWO_IMAGES = {255, 484, 261};

    /**
     * 80 of 100 right: the resampled accuracy is Binomial(100, 0.8)/100, sd 4 pp, so the 95% interval is
     * about 80 +- 7.84 = [72.16, 87.84]; seed 14 gives [72, 87] (the 26th and 975th of the 1000 sorted
     * resamples), within 1 pp of it.
     */
    @Test
    void aHundredImagesGiveTheBinomialInterval() {
        Bounds b = Bounds.percentile(one("hundred", firstCorrect(100, 80)), S);
        assertThat(b.lower()).isCloseTo(72.16, within(1.0));
        assertThat(b.upper()).isCloseTo(87.84, within(1.0));
        assertThat(b).isEqualTo(PINNED_HUNDRED);
    }

    static final Bounds PINNED_HUNDRED = new Bounds(72, 87);

    @Test
    void theSameSeedGivesTheSameResamplesAndAnotherSeedOthers() {
        Correctness head = firstCorrect(100, 80);
        assertThat(one("x", head)).containsExactly(one("x", head));
        SignificanceSettings other = new SignificanceSettings(1000, 15, 0.95, 0.05);
        double[] again = PairedBootstrap.accuracies("x", 100, List.of(List.of(head)),
                List.<int[][]>of(PairedBootstrap.seedDraws("a", 1, other)), other)[0];
        assertThat(again).isNotEqualTo(one("x", head));
    }

    /** The bit-plane sums equal the naive weighted count, image by image, over several words. */
    @Test
    void bitPlanesCountLikeTheNaiveSum() {
        int n = 150;
        SplittableRandom r = new SplittableRandom(3);
        boolean[] bits = new boolean[n];
        for (int i = 0; i < n; i++) {
            bits[i] = r.nextBoolean();
        }
        Correctness head = Correctness.of(bits);
        SignificanceSettings s = new SignificanceSettings(50, 7, 0.95, 0.05);
        double[] acc = PairedBootstrap.accuracies("naive", n, List.of(List.of(head)),
                List.<int[][]>of(PairedBootstrap.seedDraws("a", 1, s)), s)[0];
        SplittableRandom stream = PairedBootstrap.imageStream("naive", s);
        int[] w = new int[n];
        for (int b = 0; b < 50; b++) {
            PairedBootstrap.drawWeights(stream, w);
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += bits[i] ? w[i] : 0;
            }
            assertThat(acc[b]).isEqualTo(100.0 * sum / n);
        }
    }

    /** Seeds are resampled too: one seed all right, one all wrong, so a resample is 0, 50 or 100. */
    @Test
    void seedsAreResampled() {
        Correctness right = firstCorrect(40, 40);
        Correctness wrong = firstCorrect(40, 0);
        double[] acc = PairedBootstrap.accuracies("s", 40, List.of(List.of(right, wrong)),
                List.<int[][]>of(PairedBootstrap.seedDraws("a", 2, S)), S)[0];
        assertThat(Arrays.stream(acc).distinct().sorted().toArray()).containsExactly(0, 50, 100);
        assertThat(Bounds.percentile(acc, S)).isEqualTo(new Bounds(0, 100));
    }

    @Test
    void pValuesOfClearAndAbsentMargins() {
        Correctness strong = firstCorrect(200, 150);
        Correctness weak = firstCorrect(200, 50); // right on a subset of strong's images
        double[][] acc = PairedBootstrap.accuracies("p", 200, List.of(List.of(strong), List.of(weak)),
                List.<int[][]>of(PairedBootstrap.seedDraws("a", 1, S), PairedBootstrap.seedDraws("b", 1, S)), S);
        // strong is ahead in every resample: the smallest p the method gives, 2/1001
        assertThat(PairedBootstrap.p(50, acc[0], acc[1])).isEqualTo(2.0 / 1001);
        // the same head against itself: never ahead, p = 1
        assertThat(PairedBootstrap.p(0, acc[0], acc[0])).isEqualTo(1.0);
        assertThat(PairedBootstrap.p(1e-9, acc[0], acc[0])).isEqualTo(1.0);
    }
}

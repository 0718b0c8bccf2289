package dev.lottery.data.pocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ReferenceModelTest {

    /** Class c lights up pixel block c (plus noise): linearly separable. */
    private static byte[][] images(int n, int[] labels, long seed) {
        Random rng = new Random(seed);
        byte[][] out = new byte[n][40];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
            for (int d = 0; d < 40; d++) {
                out[i][d] = (byte) rng.nextInt(60);
            }
            for (int d = labels[i] * 10; d < labels[i] * 10 + 10; d++) {
                out[i][d] = (byte) (150 + rng.nextInt(100));
            }
        }
        return out;
    }

    @Test
    void learnsSeparableClassesDeterministically() {
        int[] labels = new int[200];
        byte[][] x = images(200, labels, 1);
        ReferenceModel a = ReferenceModel.train(x, labels, 4, 7);
        ReferenceModel b = ReferenceModel.train(x, labels, 4, 7);
        int[] testLabels = new int[100];
        byte[][] test = images(100, testLabels, 2);
        assertThat(a.accuracy(test, testLabels, null)).isGreaterThan(0.95);
        for (byte[] img : test) {
            assertThat(b.predict(img)).isEqualTo(a.predict(img));
        }
    }

    @Test
    void subsetArgmaxOnlyPicksAllowedClasses() {
        int[] labels = new int[200];
        byte[][] x = images(200, labels, 1);
        ReferenceModel m = ReferenceModel.train(x, labels, 4, 7);
        boolean[] allowed = {false, true, false, true};
        for (byte[] img : x) {
            assertThat(m.predict(img, allowed)).isIn(1, 3);
        }
    }
}

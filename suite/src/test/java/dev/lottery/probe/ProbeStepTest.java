package dev.lottery.probe;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The step training uses (the default engine's fused step) against hand computations, finite
 * differences and the double-precision {@link Reference}; {@link ReferenceProbeStepTest} runs the same
 * checks on the plain-NDArray step.
 */
class ProbeStepTest {

    private NDManager manager;

    /** The implementation under test. */
    ProbeStep.Factory steps() {
        return Engines.defaultStep();
    }

    @BeforeEach
    void open() {
        manager = Engine.getEngine("TensorFlow").newBaseManager(Device.cpu());
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static Routine routine(Optimizer opt, double momentum, boolean nesterov, double wd) {
        return new Routine("t", opt, 0.1, momentum, nesterov, wd, Schedule.CONSTANT, null, 1, 0, 1, 8,
                opt == Optimizer.LARS ? 0.001 : 0, "test");
    }

    private static double[] random(SplittableRandom r, int n, double scale) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = scale * (2 * r.nextDouble() - 1);
        }
        return a;
    }

    private static float[] toFloat(double[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) a[i];
        }
        return out;
    }

    @Test
    void analyticGradientMatchesFiniteDifferences() {
        int n = 5;
        int d = 4;
        int c = 3;
        SplittableRandom r = new SplittableRandom(7);
        double[] x = random(r, n * d, 1);
        double[] w = random(r, c * d, 0.5);
        double[] b = random(r, c, 0.5);
        int[] y = {0, 2, 1, 2, 0};
        float[] xf = toFloat(x);
        float[] wf = toFloat(w);
        float[] bf = toFloat(b);
        // evaluate the finite differences at exactly the float32 point TF sees
        double[] xd = Reference.toDouble(xf);
        double[] wd = Reference.toDouble(wf);
        double[] bd = Reference.toDouble(bf);

        float[][] grads;
        try (ProbeStep step = steps().open(manager, new LinearHead(c, d, wf, bf), routine(Optimizer.SGD, 0, false, 0))) {
            grads = step.gradients(manager.create(xf, new Shape(n, d)), manager.create(y));
        }
        float[] dWeight = grads[0];
        float[] dBias = grads[1];
        assertThat(dWeight).hasSize(c * d);

        double eps = 1e-6;
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < d; j++) {
                double[] plus = wd.clone();
                double[] minus = wd.clone();
                plus[k * d + j] += eps;
                minus[k * d + j] -= eps;
                double numeric = (Reference.loss(xd, y, n, d, c, plus, bd) - Reference.loss(xd, y, n, d, c, minus, bd))
                        / (2 * eps);
                assertThat((double) dWeight[k * d + j]).as("dW[%d][%d]", k, j).isCloseTo(numeric, within(1e-5));
            }
            double[] plus = bd.clone();
            double[] minus = bd.clone();
            plus[k] += eps;
            minus[k] -= eps;
            double numeric = (Reference.loss(xd, y, n, d, c, wd, plus) - Reference.loss(xd, y, n, d, c, wd, minus))
                    / (2 * eps);
            assertThat((double) dBias[k]).as("db[%d]", k).isCloseTo(numeric, within(1e-5));
        }
    }

    @Test
    void softmaxIsStableForLargeLogits() {
        float[] x = {1000f, -1000f};
        float[][] grads;
        try (ProbeStep step = steps().open(manager, new LinearHead(2, 2, new float[] {1, 0, 0, 1}, new float[2]),
                routine(Optimizer.SGD, 0, false, 0))) {
            grads = step.gradients(manager.create(x, new Shape(1, 2)), manager.create(new int[] {0}));
        }
        // logits (1000, -1000): P = (1, 0) for label 0, so every gradient is 0 and none is NaN
        assertThat(grads[0]).containsOnly(0f);
        assertThat(grads[1]).containsOnly(0f);
    }

    /** One row x=[1], zero head, label 0: the first two momentum steps worked out by hand. */
    @Test
    void momentumAndNesterovStepsMatchAHandComputation() {
        LinearHead zero = new LinearHead(2, 1, new float[2], new float[2]);
        // step 1: logits (0,0), P=(.5,.5), grad w = grad b = (-.5, .5)
        // step 2 (plain momentum): w = (.05, -.05), logits (.1, -.1), P0 = 1/(1+e^-.2)
        double p0 = 1 / (1 + Math.exp(-0.2));
        double g2 = p0 - 1;
        double buf2 = 0.9 * -0.5 + g2;
        double expectedW0 = 0.05 - 0.1 * buf2;
        try (NDArray x = manager.create(new float[] {1}, new Shape(1, 1));
             NDArray y = manager.create(new int[] {0});
             ProbeStep plain = steps().open(manager, zero, routine(Optimizer.SGD, 0.9, false, 0));
             ProbeStep nesterov = steps().open(manager, zero, routine(Optimizer.SGD, 0.9, true, 0))) {
            plain.apply(x, y, 0.1);
            assertThat(plain.head().weight()).containsExactly(0.05f, -0.05f);
            assertThat(plain.head().bias()).containsExactly(0.05f, -0.05f);
            plain.apply(x, y, 0.1);
            assertThat((double) plain.head().weight()[0]).isCloseTo(expectedW0, within(1e-7));
            assertThat((double) plain.head().weight()[1]).isCloseTo(-expectedW0, within(1e-7));

            // nesterov step 1: update = g + 0.9*g = 1.9g
            nesterov.apply(x, y, 0.1);
            assertThat((double) nesterov.head().weight()[0]).isCloseTo(0.095, within(1e-7));
        }
    }

    @Test
    void weightDecayAppliesToWeightAndBiasForSgd() {
        // momentum 0 isolates the decay term; the reference adds wd*w to weight and bias gradients
        checkAgainstReference(routine(Optimizer.SGD, 0.0, false, 0.05));
    }

    @Test
    void sgdMomentumStepsMatchTheReference() {
        checkAgainstReference(routine(Optimizer.SGD, 0.9, false, 0.01));
    }

    @Test
    void nesterovStepsMatchTheReference() {
        checkAgainstReference(routine(Optimizer.SGD, 0.9, true, 0.01));
    }

    @Test
    void larsStepsMatchTheReference() {
        checkAgainstReference(routine(Optimizer.LARS, 0.9, false, 0.01));
    }

    private void checkAgainstReference(Routine routine) {
        int n = 6;
        int d = 5;
        int c = 4;
        SplittableRandom r = new SplittableRandom(11);
        float[] x = toFloat(random(r, n * d, 1));
        int[] y = {0, 1, 2, 3, 1, 2};
        LinearHead init = new LinearHead(c, d, toFloat(random(r, c * d, 0.3)), toFloat(random(r, c, 0.3)));
        Reference.State ref = new Reference.State(init);
        double[] xd = Reference.toDouble(x);
        int[] all = {0, 1, 2, 3, 4, 5};
        double[] lrs = {0, 0.5, 0.3, 0, 0.2}; // includes warmup-style zero steps
        try (NDArray xs = manager.create(x, new Shape(n, d));
             NDArray ys = manager.create(y);
             ProbeStep step = steps().open(manager, init, routine)) {
            for (double lr : lrs) {
                step.apply(xs, ys, lr);
                Reference.step(ref, Reference.gradient(xd, y, all, d, c, ref.w, ref.b), routine, lr);
            }
            LinearHead got = step.head();
            for (int i = 0; i < ref.w.length; i++) {
                assertThat((double) got.weight()[i]).as("w[%d]", i).isCloseTo(ref.w[i], within(2e-6));
            }
            for (int i = 0; i < ref.b.length; i++) {
                assertThat((double) got.bias()[i]).as("b[%d]", i).isCloseTo(ref.b[i], within(2e-6));
            }
            // the head really moved
            assertThat(got).isNotEqualTo(init);
        }
    }

    @Test
    void stepsLeaveNoArraysBehind() {
        try (NDManager parent = manager.newSubManager();
             NDArray x = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(3, 2));
             NDArray y = manager.create(new int[] {0, 1, 1});
             ProbeStep step = steps().open(parent, new LinearHead(2, 2, new float[4], new float[2]),
                     routine(Optimizer.LARS, 0.9, false, 0.01))) {
            step.apply(x, y, 0.1);
            int after1 = parent.getManagedArrays().size();
            int outside = manager.getManagedArrays().size();
            for (int i = 0; i < 5; i++) {
                step.apply(x, y, 0.1);
                step.firstWeight();
                step.head();
            }
            assertThat(parent.getManagedArrays()).hasSize(after1);
            assertThat(manager.getManagedArrays()).hasSize(outside);
        }
    }

    @Test
    void larsTrustRatioIsEtaTimesNormRatioOrOne() {
        assertThat(ProbeStep.trustRatio(5, 2, 0.001)).isCloseTo(0.0025, within(1e-12));
        assertThat(ProbeStep.trustRatio(5, 0, 0.001)).isEqualTo(1.0);
        assertThat(ProbeStep.trustRatio(0, 5, 0.001)).isEqualTo(1.0);
    }

    @Test
    void larsScalesTheWeightStepButNotTheBias() {
        LinearHead zeroBias = new LinearHead(2, 1, new float[] {3, 4}, new float[2]);
        Routine lars = new Routine("l", Optimizer.LARS, 1.0, 0.0, false, 0.0, Schedule.CONSTANT, null, 1, 0, 1, 1,
                0.001, "test");
        try (NDArray x = manager.create(new float[] {1}, new Shape(1, 1));
             NDArray y = manager.create(new int[] {0});
             ProbeStep step = steps().open(manager, zeroBias, lars)) {
            step.apply(x, y, 1.0);
            LinearHead h = step.head();
            // logits (3, 4): P0 = 1/(1+e), grad = (P0-1, 1-P0) for both weight and bias
            double p0 = 1 / (1 + Math.E);
            double g = p0 - 1;
            double q = 0.001 * 5 / (Math.sqrt(2) * Math.abs(g));
            assertThat((double) h.weight()[0]).isCloseTo(3 - q * g, within(1e-6));
            assertThat((double) h.weight()[1]).isCloseTo(4 + q * g, within(1e-6));
            assertThat((double) h.bias()[0]).isCloseTo(-g, within(1e-6));
            assertThat((double) h.bias()[1]).isCloseTo(g, within(1e-6));
        }
    }
}

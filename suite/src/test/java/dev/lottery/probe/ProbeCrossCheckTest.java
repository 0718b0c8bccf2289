package dev.lottery.probe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lottery.features.FeatureMatrix;
import dev.lottery.features.FeatureRows;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused step training uses and the plain-NDArray {@link ReferenceProbeStep}, held together step
 * by step on a problem built here (200 rows x 16 features, 5 classes, batch 64 so every epoch ends
 * with a partial batch of 8) for every optimizer and schedule a {@link Routine} can declare.
 *
 * <p>Tolerance: {@value #TOLERANCE} absolute on every weight and bias after every step. The two
 * compute the same real-number update in a different float32 order (the fused step feeds
 * ResourceApplyMomentum {@code S*g} and {@code lr/S}, sums G^T X inside one MatMul and takes the LARS
 * norm with EuclideanNorm; the reference divides by B first and sums the norm on the host), so each
 * step differs by an ulp or so of weights of order 1 (an ulp ~1e-7) and the difference grows
 * slowly with the steps: observed at most 9.5e-7 over the 40 steps (Nesterov with warmup and cosine;
 * 1.2e-7 to 2.4e-7 for the others), so the tolerance leaves a factor 5. An lr off by 1% moves the
 * weights by ~7e-3 within four steps, far outside it.
 */
class ProbeCrossCheckTest {

    /** Absolute, on every parameter after every step; see the class comment. */
    static final double TOLERANCE = 5e-6;

    private static final int ROWS = 200;
    private static final int DIM = 16;
    private static final int CLASSES = 5;
    private static final int BATCH = 64;
    private static final int EPOCHS = 10;

    private static NDManager manager;
    private static FeatureMatrix x;
    private static int[] y;

    @BeforeAll
    static void open() {
        manager = Engines.defaultEngine().newBaseManager(Device.cpu());
        y = new int[ROWS];
        x = blobs(y, 31);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Class k centred at 2 on axis k (and noise std 1 on every axis): learnable, not separable at once. */
    private static FeatureMatrix blobs(int[] labels, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[ROWS * DIM];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = r.nextInt(CLASSES);
            for (int j = 0; j < DIM; j++) {
                double noise = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
                v[i * DIM + j] = (float) ((j == labels[i] ? 2 : 0) + noise);
            }
        }
        return new FeatureMatrix(ROWS, DIM, v);
    }

    private static Routine routine(String id, Optimizer opt, double lr, double momentum, boolean nesterov, double wd,
            Schedule schedule, int[] milestones, int warmup) {
        return new Routine(id, opt, lr, momentum, nesterov, wd, schedule, milestones, 0.1, warmup, EPOCHS, BATCH,
                opt == Optimizer.LARS ? 0.02 : 0, "test");
    }

    static Stream<Routine> routines() {
        return Stream.of(
                routine("sgd-plain-constant", Optimizer.SGD, 0.5, 0, false, 0, Schedule.CONSTANT, null, 0),
                routine("sgd-momentum-step-wd", Optimizer.SGD, 0.3, 0.9, false, 1e-3, Schedule.STEP, new int[] {4, 8}, 0),
                routine("sgd-nesterov-cosine-warmup", Optimizer.SGD, 0.3, 0.9, true, 1e-4, Schedule.COSINE, null, 2),
                routine("lars-cosine-warmup-wd", Optimizer.LARS, 0.5, 0.9, false, 1e-3, Schedule.COSINE, null, 1),
                routine("lars-constant", Optimizer.LARS, 1.0, 0, false, 0, Schedule.CONSTANT, null, 0));
    }

    /** Runs LinearProbe's documented loop over two steps at once; returns the max |difference| after each step. */
    private static List<Double> lockstep(Routine fusedRoutine, Routine referenceRoutine, long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        LinearHead initial = LinearProbe.initialHead(CLASSES, DIM, root.split());
        int itersPerEpoch = (ROWS + BATCH - 1) / BATCH;
        HostBatches batches = new HostBatches(FeatureRows.of(x), y, BATCH);
        List<Double> diffs = new ArrayList<>();
        try (ProbeStep fused = Engines.defaultStep().open(manager, initial, fusedRoutine);
                ProbeStep reference = new ReferenceProbeStep(manager, initial, referenceRoutine)) {
            int[] order = new int[ROWS];
            int iteration = 0;
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                LinearProbe.permutation(order, root.split());
                for (int start = 0; start < ROWS; start += BATCH) {
                    try (NDManager scratch = manager.newSubManager()) {
                        NDArray[] xy = batches.upload(scratch, order, start, Math.min(ROWS, start + BATCH));
                        fused.apply(xy[0], xy[1], fusedRoutine.learningRate(iteration, itersPerEpoch));
                        reference.apply(xy[0], xy[1], referenceRoutine.learningRate(iteration, itersPerEpoch));
                    }
                    diffs.add(maxAbsDiff(fused.head(), reference.head()));
                    iteration++;
                }
            }
        }
        return diffs;
    }

    /**
     * Training's host batches for the fused step carry the bias column ({@link ProbeStep#biasColumn()}); fed
     * plain batches the step appends it itself. Both must give the very same head after every step.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("routines")
    void theBiasColumnBatchesTrainTheBitIdenticalHeadOfPlainBatches(Routine r) {
        SplittableRandom root = new SplittableRandom(5);
        LinearHead initial = LinearProbe.initialHead(CLASSES, DIM, root.split());
        int itersPerEpoch = (ROWS + BATCH - 1) / BATCH;
        HostBatches plain = new HostBatches(FeatureRows.of(x), y, BATCH);
        HostBatches withColumn = new HostBatches(FeatureRows.of(x), y, BATCH, true);
        try (ProbeStep a = Engines.defaultStep().open(manager, initial, r);
                ProbeStep b = Engines.defaultStep().open(manager, initial, r)) {
            assertThat(a.biasColumn()).isTrue();
            int[] order = new int[ROWS];
            int iteration = 0;
            for (int epoch = 0; epoch < 3; epoch++) {
                LinearProbe.permutation(order, root.split());
                for (int start = 0; start < ROWS; start += BATCH) {
                    int end = Math.min(ROWS, start + BATCH);
                    try (NDManager scratch = manager.newSubManager()) {
                        NDArray[] xy = plain.upload(scratch, order, start, end);
                        NDArray[] xy1 = withColumn.upload(scratch, order, start, end);
                        assertThat(xy1[0].getShape().get(1)).isEqualTo(DIM + 1);
                        float[] row = xy1[0].get(0).toFloatArray();
                        assertThat(row[DIM]).isEqualTo(1f);
                        assertThat(java.util.Arrays.copyOf(row, DIM)).containsExactly(xy[0].get(0).toFloatArray());
                        double lr = r.learningRate(iteration, itersPerEpoch);
                        a.apply(xy[0], xy[1], lr);
                        b.apply(xy1[0], xy1[1], lr);
                    }
                    assertThat(b.head().weight()).containsExactly(a.head().weight());
                    assertThat(b.head().bias()).containsExactly(a.head().bias());
                    iteration++;
                }
            }
            assertThat(b.state()[0]).containsExactly(a.state()[0]);
        }
    }

    private static double maxAbsDiff(LinearHead a, LinearHead b) {
        double max = 0;
        for (int i = 0; i < a.weight().length; i++) {
            max = Math.max(max, Math.abs(a.weight()[i] - b.weight()[i]));
        }
        for (int i = 0; i < a.bias().length; i++) {
            max = Math.max(max, Math.abs(a.bias()[i] - b.bias()[i]));
        }
        return max;
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routines")
    void theTwoStepsAgreeAfterEveryStep(Routine routine) {
        List<Double> diffs = lockstep(routine, routine, 7);
        System.out.printf("cross-check %s: max |fused - reference| per step: first %.3g, max %.3g, last %.3g%n",
                routine.id(), diffs.get(0), diffs.stream().mapToDouble(d -> d).max().orElseThrow(),
                diffs.get(diffs.size() - 1));
        assertThat(diffs).hasSize(EPOCHS * 4);
        for (int i = 0; i < diffs.size(); i++) {
            assertThat(diffs.get(i)).as("%s, step %d", routine.id(), i).isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routines")
    void trainedHeadsAgreeAndTheFusedOneIsWhatTrainingGives(Routine routine) {
        LinearHead fused;
        LinearHead reference;
        try (Probe f = Engines.probe(Device.cpu()); Probe r = Engines.reference(Device.cpu())) {
            fused = f.train(x, y, CLASSES, routine, 7);
            reference = r.train(x, y, CLASSES, routine, 7);
            // the heads moved far from their N(0, 0.01^2) start, so agreeing is not trivial
            assertThat(maxAbsDiff(fused, LinearProbe.initialHead(CLASSES, DIM, new SplittableRandom(7).split())))
                    .isGreaterThan(0.1);
            assertThat(maxAbsDiff(fused, reference)).isLessThanOrEqualTo(TOLERANCE);
            assertThat(maxAbsDiff(f.logits(fused, x), r.logits(reference, x))).isLessThanOrEqualTo(10 * TOLERANCE);
        }
    }

    /**
     * Momentum state crosses the step's boundary in {@link LinearHead}'s {@code [classes][dim]} layout
     * whatever layout the step keeps on the device, scaled as the step documents (the fused step's
     * buffers hold {@code S * buf}, {@code S} the routine's batch size); and a step restored from that
     * state continues exactly as the one that wrote it.
     */
    @Test
    void momentumStateHasTheHeadLayoutAndRestoresExactly() {
        Routine routine = routine("sgd-momentum", Optimizer.SGD, 0.3, 0.9, false, 1e-3, Schedule.CONSTANT, null, 0);
        LinearHead initial = LinearProbe.initialHead(CLASSES, DIM, new SplittableRandom(5).split());
        HostBatches batches = new HostBatches(FeatureRows.of(x), y, BATCH);
        int[] order = new int[ROWS];
        LinearProbe.permutation(order, new SplittableRandom(6));
        try (NDManager scratch = manager.newSubManager();
                ProbeStep fused = Engines.defaultStep().open(scratch, initial, routine);
                ProbeStep reference = new ReferenceProbeStep(scratch, initial, routine)) {
            for (int start = 0; start < 3 * BATCH; start += BATCH) {
                NDArray[] xy = batches.upload(scratch, order, start, start + BATCH);
                fused.apply(xy[0], xy[1], 0.3);
                reference.apply(xy[0], xy[1], 0.3);
            }
            float[][] state = fused.state();
            float[][] expected = reference.state();
            float[] unscaled = new float[state[0].length];
            for (int i = 0; i < unscaled.length; i++) {
                unscaled[i] = (float) (state[0][i] / BATCH);
            }
            assertThat(maxAbsDiff(unscaled, expected[0])).isLessThanOrEqualTo(TOLERANCE);
            assertThat(maxAbsDiff(expected[0], new float[expected[0].length])).isGreaterThan(1e-3);

            try (ProbeStep resumed = Engines.defaultStep().open(scratch, fused.head(), routine)) {
                resumed.restore(state);
                NDArray[] xy = batches.upload(scratch, order, 3 * BATCH, ROWS);
                fused.apply(xy[0], xy[1], 0.3);
                resumed.apply(xy[0], xy[1], 0.3);
                assertThat(resumed.head().weight()).containsExactly(fused.head().weight());
                assertThat(resumed.head().bias()).containsExactly(fused.head().bias());
                assertThat(resumed.state()[0]).containsExactly(fused.state()[0]);
            }
        }
    }

    @Test
    void theReferenceForwardPassGivesTheFusedLogits() {
        SplittableRandom random = new SplittableRandom(3);
        float[] w = new float[CLASSES * DIM];
        float[] b = new float[CLASSES];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextDouble() - 0.5);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (random.nextDouble() - 0.5);
        }
        LinearHead head = new LinearHead(CLASSES, DIM, w, b);
        Routine r = routines().findFirst().orElseThrow();
        try (NDManager scratch = manager.newSubManager();
                ProbeStep fused = Engines.defaultStep().open(scratch, head, r);
                ProbeStep reference = new ReferenceProbeStep(scratch, head, r)) {
            NDArray features = scratch.create(x.values(), new ai.djl.ndarray.types.Shape(ROWS, DIM));
            float[] fusedLogits = fused.logits(features);
            float[] referenceLogits = reference.logits(features);
            assertThat(fusedLogits).hasSize(ROWS * CLASSES);
            // one product of 16 terms of |x w| < 3: a few float32 ulps at most
            assertThat(maxAbsDiff(fusedLogits, referenceLogits)).isLessThanOrEqualTo(1e-5);
            // and both are the head's logits, computed here in double
            float[] expected = new float[ROWS * CLASSES];
            for (int i = 0; i < ROWS; i++) {
                for (int k = 0; k < CLASSES; k++) {
                    double z = b[k];
                    for (int j = 0; j < DIM; j++) {
                        z += (double) x.values()[i * DIM + j] * w[k * DIM + j];
                    }
                    expected[i * CLASSES + k] = (float) z;
                }
            }
            assertThat(maxAbsDiff(referenceLogits, expected)).isLessThanOrEqualTo(1e-5);
            // the probe's own logits (training's forward pass, blockwise) are the same numbers
            try (Probe probe = Engines.probe(Device.cpu())) {
                assertThat(maxAbsDiff(probe.logits(head, x), fusedLogits)).isLessThanOrEqualTo(1e-5);
            }
        }
    }

    /** The check can fail: a reference trained with a learning rate 1% off leaves the tolerance within a few steps. */
    @Test
    void aDifferentLearningRateDiverges() {
        Routine routine = routines().skip(1).findFirst().orElseThrow();
        Routine off = new Routine(routine.id(), routine.optimizer(), routine.lr() * 1.01, routine.momentum(),
                routine.nesterov(), routine.weightDecay(), routine.schedule(), routine.milestones(), routine.gamma(),
                routine.warmupEpochs(), routine.epochs(), routine.batchSize(), routine.larsTrust(), routine.source());
        List<Double> diffs = lockstep(routine, off, 7);
        System.out.printf("cross-check with lr x1.01: max |fused - reference| after step 4: %.3g, last %.3g%n",
                diffs.get(3), diffs.get(diffs.size() - 1));
        assertThat(diffs.get(3)).isGreaterThan(10 * TOLERANCE);
        assertThat(diffs.get(diffs.size() - 1)).isGreaterThan(10 * TOLERANCE);
    }
}

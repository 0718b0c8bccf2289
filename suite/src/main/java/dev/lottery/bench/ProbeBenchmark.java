package dev.lottery.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lottery.features.FeatureMatrix;
import dev.lottery.features.FeatureRows;
import dev.lottery.probe.Devices;
import dev.lottery.probe.Engines;
import dev.lottery.probe.HostBatches;
import dev.lottery.probe.LinearHead;
import dev.lottery.probe.LinearProbe;
import dev.lottery.probe.Optimizer;
import dev.lottery.probe.ProbeStep;
import dev.lottery.probe.ReferenceProbeStep;
import dev.lottery.probe.Routine;
import dev.lottery.probe.RowGather;
import dev.lottery.probe.Schedule;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Cost of one probe training step against the single matrix product it is built around.
 *
 * <p>{@code probeStep}: one SGD-with-momentum {@link ProbeStep} on a batch of 1024 x 2048 features
 * and 1000 classes (forward product, softmax, gradient, backward product, bias gradient, update),
 * the batch already on the device, as the host batch sources give it to that step (with the bias column when
 * the step asks for one, {@link ProbeStep#biasColumn()}: the fused step's products are then 1024 x 2049).
 * {@code matmul}: the forward product alone,
 * {@code [1024x2048] x [2048x1000]}. The step contains two such products, so a ratio near 2 means the
 * rest of the step is cheap. {@code gatherStep}: the step as training runs it, the batch's rows
 * gathered in permutation order from {@code rows} host rows and uploaded first ({@link HostBatches}).
 * {@code residentStep}: the step with all {@code rows} rows on the device and the batch gathered
 * there by index ({@link Engines#rowGather()}), as training runs on a GPU that holds the rows.
 * {@code maskStep}: the step as linear-probe/3 ran it, all {@code rows} rows on the device and the
 * batch cut out with a boolean mask over every row (O(rows) per step). {@code interleaved}: one
 * product then one step per call, each timed, so the two share whatever load the machine is under;
 * its counters {@code stepNanos} and {@code matmulNanos} give the interleaved ratio ({@code ./lottery
 * bench} prints it beside the ratio of the two separate scores). Every method ends by reading one
 * float of its result back to the host, so each measures finished work the same way.
 *
 * <p>Run from the built jar's classpath, e.g. {@code java -cp suite/target/classes:<deps>
 * -DTENSORFLOW_LIBRARY_PATH=<tf-native dir> -Dai.djl.offline=true org.openjdk.jmh.Main ProbeBenchmark
 * -f 2 -wi 4 -i 8 -w 2s -r 3s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ProbeBenchmark {

    @Param({"1024"})
    public int batch;

    @Param({"2048"})
    public int dim;

    @Param({"1000"})
    public int classes;

    @Param({"auto"})
    public String device;

    /**
     * Which {@link ProbeStep}: {@code fused} (the default engine's, as training runs) or {@code reference}
     * ({@link ReferenceProbeStep}, plain NDArray ops; select it with {@code -p implementation=reference}).
     */
    @Param({"fused"})
    public String implementation;

    /** Rows the gathered and masked steps draw their batch from. */
    @Param({"16384"})
    public int rows;

    private NDManager manager;
    private NDArray features;
    /** {@code features} as the step is fed them by training's host batches (with the bias column if it asks). */
    private NDArray stepFeatures;
    private NDArray labels;
    private NDArray weightT;
    private ProbeStep step;
    private HostBatches hostBatches;
    private int[] order;
    private int cursor;
    private NDArray allFeatures;
    private NDArray allLabels;
    private boolean[] mask;
    private final RowGather gather = Engines.rowGather();

    @Setup(Level.Trial)
    public void setUp() {
        Device d = Devices.resolve(device);
        manager = Engines.defaultEngine().newBaseManager(d);
        SplittableRandom random = new SplittableRandom(42);
        float[] x = new float[batch * dim];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        int[] y = new int[batch];
        for (int i = 0; i < y.length; i++) {
            y[i] = random.nextInt(classes);
        }
        features = manager.create(x, new Shape(batch, dim));
        labels = manager.create(y, new Shape(batch));
        LinearHead head = LinearProbe.initialHead(classes, dim, random.split());
        weightT = manager.create(head.weight(), new Shape(classes, dim)).transpose();
        Routine sgd = new Routine("bench", Optimizer.SGD, 0.1, 0.9, false, 0.0, Schedule.CONSTANT, null, 1.0, 0, 1,
                batch, 0.0, "ProbeBenchmark");
        step = (implementation.equals("reference") ? (ProbeStep.Factory) ReferenceProbeStep::new : Engines.defaultStep())
                .open(manager, head, sgd);

        float[] all = new float[Math.multiplyExact(rows, dim)];
        for (int i = 0; i < all.length; i++) {
            all[i] = (float) random.nextDouble();
        }
        int[] allY = new int[rows];
        for (int i = 0; i < allY.length; i++) {
            allY[i] = random.nextInt(classes);
        }
        hostBatches = new HostBatches(FeatureRows.of(new FeatureMatrix(rows, dim, all)), allY, batch,
                step.biasColumn());
        // the batch as training's host gather gives it to this step (rows 0..B-1 of x, with its bias column if asked)
        int[] firstRows = java.util.stream.IntStream.range(0, batch).toArray();
        stepFeatures = new HostBatches(FeatureRows.of(new FeatureMatrix(batch, dim, x)), y, batch, step.biasColumn())
                .upload(manager, firstRows, 0, batch)[0];
        allFeatures = manager.create(all, new Shape(rows, dim));
        allLabels = manager.create(allY, new Shape(rows));
        mask = new boolean[rows];
        order = new int[rows];
        LinearProbe.permutation(order, random.split());
    }

    /** The next batch window of the permutation, wrapping around. */
    private int nextBatch() {
        if (cursor + batch > rows) {
            cursor = 0;
        }
        int start = cursor;
        cursor += batch;
        return start;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        step.close();
        manager.close();
    }

    @Benchmark
    public float probeStep() {
        step.apply(stepFeatures, labels, 1e-3);
        return step.firstWeight();
    }

    @Benchmark
    public float gatherStep() {
        int start = nextBatch();
        try (NDManager scratch = manager.newSubManager()) {
            NDArray[] xy = hostBatches.upload(scratch, order, start, start + batch);
            step.apply(xy[0], xy[1], 1e-3);
        }
        return step.firstWeight();
    }

    @Benchmark
    public float residentStep() {
        int start = nextBatch();
        try (NDManager scratch = manager.newSubManager()) {
            NDArray idx = scratch.create(java.util.Arrays.copyOfRange(order, start, start + batch), new Shape(batch));
            step.apply(gather.gather(scratch, allFeatures, idx), gather.gather(scratch, allLabels, idx), 1e-3);
        }
        return step.firstWeight();
    }

    @Benchmark
    public float maskStep() {
        int start = nextBatch();
        for (int i = start; i < start + batch; i++) {
            mask[order[i]] = true;
        }
        try (NDManager scratch = manager.newSubManager()) {
            scratch.tempAttachAll(allFeatures, allLabels);
            NDArray m = scratch.create(mask);
            step.apply(allFeatures.booleanMask(m), allLabels.booleanMask(m), 1e-3);
        }
        for (int i = start; i < start + batch; i++) {
            mask[order[i]] = false;
        }
        return step.firstWeight();
    }

    /** Nanoseconds spent in each half of {@link #interleaved}, summed over a measurement iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Split {
        public long stepNanos;
        public long matmulNanos;

        @Setup(Level.Iteration)
        public void clear() {
            stepNanos = 0;
            matmulNanos = 0;
        }
    }

    @Benchmark
    public float interleaved(Split split) {
        long t0 = System.nanoTime();
        float product = matmul();
        long t1 = System.nanoTime();
        float stepped = probeStep();
        long t2 = System.nanoTime();
        split.matmulNanos += t1 - t0;
        split.stepNanos += t2 - t1;
        return product + stepped;
    }

    @Benchmark
    public float matmul() {
        try (NDArray product = features.matMul(weightT); NDArray one = product.get(0, 0)) {
            return one.getFloat();
        }
    }
}

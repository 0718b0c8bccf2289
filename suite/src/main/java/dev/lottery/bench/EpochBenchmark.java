package dev.lottery.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lottery.features.FeatureRows;
import dev.lottery.probe.Devices;
import dev.lottery.probe.Engines;
import dev.lottery.probe.HostBatches;
import dev.lottery.probe.LinearProbe;
import dev.lottery.probe.Optimizer;
import dev.lottery.probe.ProbeStep;
import dev.lottery.probe.Routine;
import dev.lottery.probe.Schedule;
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
 * One training epoch over many rows: how the batches are cut decides whether a step costs O(batch)
 * or O(rows). {@code gatherEpoch} runs the epoch as {@link LinearProbe} does (each batch gathered on
 * the host in permutation order and uploaded alone, {@link HostBatches}); {@code maskEpoch} as
 * linear-probe/3 did (all rows on the device, each batch cut with a boolean mask over all rows). Same
 * permutation, same steps; only the batch cutting differs. Defaults: 200,000 rows of 256 features,
 * 100 classes, batch 256 (782 steps), small enough that the O(rows) part shows against the products.
 *
 * <p>The host rows are held in {@link FeatureRows} chunks, as training holds them, so the epoch also
 * runs at ImageNet-1k's shape (1,281,167 x 2048 = 10.5 GB of float32, more than one Java array holds);
 * the all-rows device copy only {@code maskEpoch} reads is made only when it runs:
 * {@code LOTTERY_JAVA_OPTS=-Xmx14g ./lottery bench --include 'EpochBenchmark.gatherEpoch' --param rows=1281167
 * --param dim=2048 --param classes=1000 --param batch=1024 --warmup 1 --iterations 2}.
 *
 * <p>Run e.g. {@code ./lottery bench --include EpochBenchmark}, or with the JMH main and
 * {@code -f 1 -wi 2 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EpochBenchmark {

    @Param({"200000"})
    public int rows;

    @Param({"256"})
    public int dim;

    @Param({"100"})
    public int classes;

    @Param({"256"})
    public int batch;

    @Param({"auto"})
    public String device;

    private NDManager manager;
    private ProbeStep step;
    private FeatureRows features;
    private int[] labels;
    private HostBatches hostBatches;
    private int[] order;
    private SplittableRandom shuffles;

    /** Every row on the device, for {@code maskEpoch} alone. */
    @State(Scope.Benchmark)
    public static class DeviceRows {
        NDArray allFeatures;
        NDArray allLabels;
        boolean[] mask;

        @Setup(Level.Trial)
        public void upload(EpochBenchmark b) {
            allFeatures = b.manager.create(b.features.toMatrix().values(), new Shape(b.rows, b.dim));
            allLabels = b.manager.create(b.labels, new Shape(b.rows));
            mask = new boolean[b.rows];
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        Device d = Devices.resolve(device);
        manager = Engines.defaultEngine().newBaseManager(d);
        SplittableRandom random = new SplittableRandom(7);
        // uniform in [-1, 1): the values do not change the cost, and a gaussian draw of 2.6e9 of them takes a minute
        FeatureRows.Builder built = FeatureRows.builder(dim, FeatureRows.MAX_CHUNK_VALUES);
        int block = Math.max(1, (1 << 20) / dim);
        float[] x = new float[block * dim];
        for (int start = 0; start < rows; start += block) {
            int n = Math.min(block, rows - start);
            for (int i = 0; i < n * dim; i++) {
                x[i] = random.nextInt() * 0x1p-31f;
            }
            built.append(x, 0, n);
        }
        features = built.build();
        labels = new int[rows];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(classes);
        }
        order = new int[rows];
        shuffles = random.split();
        Routine sgd = new Routine("bench", Optimizer.SGD, 0.1, 0.9, false, 0.0, Schedule.CONSTANT, null, 1.0, 0, 1,
                batch, 0.0, "EpochBenchmark");
        step = Engines.defaultStep().open(manager, LinearProbe.initialHead(classes, dim, random.split()), sgd);
        // as training gathers them for this step (with the bias column when it asks for one)
        hostBatches = new HostBatches(features, labels, batch, step.biasColumn());
    }

    @Setup(Level.Invocation)
    public void shuffle() {
        LinearProbe.permutation(order, shuffles.split());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        step.close();
        manager.close();
    }

    @Benchmark
    public float gatherEpoch() {
        for (int start = 0; start < rows; start += batch) {
            try (NDManager scratch = manager.newSubManager()) {
                NDArray[] xy = hostBatches.upload(scratch, order, start, Math.min(rows, start + batch));
                step.apply(xy[0], xy[1], 1e-3);
            }
        }
        return step.firstWeight();
    }

    @Benchmark
    public float maskEpoch(DeviceRows d) {
        NDArray allFeatures = d.allFeatures;
        NDArray allLabels = d.allLabels;
        boolean[] mask = d.mask;
        for (int start = 0; start < rows; start += batch) {
            int end = Math.min(rows, start + batch);
            for (int i = start; i < end; i++) {
                mask[order[i]] = true;
            }
            try (NDManager scratch = manager.newSubManager()) {
                scratch.tempAttachAll(allFeatures, allLabels);
                NDArray m = scratch.create(mask);
                step.apply(allFeatures.booleanMask(m), allLabels.booleanMask(m), 1e-3);
            }
            for (int i = start; i < end; i++) {
                mask[order[i]] = false;
            }
        }
        return step.firstWeight();
    }
}

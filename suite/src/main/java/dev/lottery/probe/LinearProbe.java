package dev.lottery.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.DataType;
import dev.lottery.features.FeatureRows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * The probe's training procedure and forward pass, on one device of any DJL engine: everything
 * about training a head except the arithmetic of one optimizer step, which a {@link ProbeStep}
 * does (the fused TensorFlow step for training, {@link ReferenceProbeStep} for cross-checks; see
 * {@link Engines}). So every implementation draws the same initial head, walks the same
 * permutations and uses the same learning rates.
 *
 * <p><b>Training</b> ({@link #train}): the head starts at weights N(0, 0.01^2) (std 0.01) and bias 0,
 * drawn in Java (not by an engine's RNG) so it is the same everywhere. Random streams come from
 * {@code new SplittableRandom(seed)}: its first {@code split()} draws the initial weights
 * (Box-Muller over {@code nextDouble()} with {@link StrictMath}, row-major order), and the
 * {@code (e+2)}-th split orders epoch {@code e} (Fisher-Yates from the identity: for
 * {@code i = n-1..1} swap {@code i} with {@code nextInt(i+1)}). Each epoch walks the permutation in batches of
 * {@code batchSize}; the last partial batch is kept (as PyTorch's DataLoader with
 * {@code drop_last=False}) and its gradient is the mean over its own rows. The learning rate of each
 * iteration is {@link Routine#learningRate(int, int)} with {@code ceil(rows/batchSize)} iterations
 * per epoch. The last epoch's head is returned (no best-epoch selection).
 *
 * <p>Each iteration's batch is the rows {@code order[start], order[start+1], ...} in that order,
 * with their labels, on the device; where the rows wait meanwhile is a {@link FeaturePlacement}
 * ({@link PlacementDecision}): on the CPU they stay on the host (in a {@link FeatureRows} store,
 * mapped from the cache for a large split) and only the batch ({@code batchSize x dim} floats) is
 * gathered into one buffer and uploaded; on a GPU whose memory holds them they are uploaded once and
 * each batch is gathered on the device; on a GPU that cannot hold them the host gather and upload of
 * the next batch overlap the current step. All three give the same batches, so the same head to the
 * bit. A step costs O(batch) whatever the number of rows, and the result does not depend on how the
 * rows are chunked. The loss is a mean over the batch; the order of rows inside a batch changes only
 * float rounding, and it is itself fixed by the seed. (Up to linear-probe/3 the whole matrix was
 * copied to the device and each batch cut with a boolean mask over all rows, its rows entering in
 * ascending row order: O(rows) per step, and 10.5 GB of device memory for ImageNet-1k.)
 *
 * <p>Same seed, data, step, device and thread count give a bit-identical head on the CPU.
 */
public final class LinearProbe implements Probe {

    /**
     * Changes whenever the same seed, data and routine would give a different head with the fused
     * step training uses (part of cache keys).
     */
    public static final String VERSION = "linear-probe/6";

    /** Rows per device batch when computing logits; bounds device memory. */
    private static final int LOGIT_ROWS = 4096;

    private final NDManager manager;
    private final ProbeStep.Factory steps;
    private final FeaturePlacement placement;
    /** The last placement reported, so a run prints each different one once. */
    private String lastNote = "";

    /**
     * A probe on {@code manager}'s engine and device (closed with the probe), each head trained by a
     * step from {@code steps}, its rows placed as {@link FeaturePlacement#fromProperty()} says.
     */
    public LinearProbe(NDManager manager, ProbeStep.Factory steps) {
        this(manager, steps, FeaturePlacement.fromProperty());
    }

    /** As above with the rows placed as {@code placement} says (tests force each placement). */
    public LinearProbe(NDManager manager, ProbeStep.Factory steps, FeaturePlacement placement) {
        this.manager = manager;
        this.steps = steps;
        this.placement = placement;
    }

    /** The reference probe on {@code manager} (closed with the probe): steps by {@link ReferenceProbeStep}. */
    public static LinearProbe reference(NDManager manager) {
        return new LinearProbe(manager, ReferenceProbeStep::new);
    }

    @Override
    public LinearHead train(
            FeatureRows x, int[] labels, int classes, Routine routine, long seed, IntConsumer afterEpoch) {
        return train(EpochRows.fixed(x), labels, classes, routine, seed, afterEpoch);
    }

    /**
     * As {@link #train(FeatureRows, int[], int, Routine, long, IntConsumer)} on rows that may differ per epoch
     * (one view per image, or a fresh augmentation): the same initial head, permutations and schedule, each
     * batch gathered from its epoch's rows.
     */
    @Override
    public LinearHead train(EpochRows x, int[] labels, int classes, Routine routine, long seed, IntConsumer afterEpoch) {
        return train(x, labels, classes, routine, seed, afterEpoch, Resume.NONE);
    }

    /**
     * As {@link #train(EpochRows, int[], int, Routine, long, IntConsumer)}, starting after epoch
     * {@code resume.epochs()} from the head and optimizer state a {@link Resume.Sink} was given then, and
     * giving {@code resume} the state after each epoch: an interrupted run resumed this way ends with the
     * head an uninterrupted one would (the random draws of the skipped epochs are replayed, not reused).
     */
    @Override
    public LinearHead train(EpochRows x, int[] labels, int classes, Routine routine, long seed, IntConsumer afterEpoch,
            Resume resume) {
        checkTrainingData(x.rows(), x.cols(), labels, classes);
        int n = x.rows();
        int batch = Math.min(routine.batchSize(), n);
        int itersPerEpoch = (n + batch - 1) / batch;
        SplittableRandom root = new SplittableRandom(seed);
        LinearHead initial = initialHead(classes, x.cols(), root.split());
        Resume.State from = resume.state();
        // a split's fixed rows may wait on the device (FeaturePlacement); rows that change per epoch are gathered on the host
        FeatureRows fixed = x.fixedRows();
        PlacementDecision placed = fixed == null ? null : BatchSources.decide(manager, fixed, placement);
        if (placed != null) {
            note(placed);
        }
        // rows that change per epoch: one host source for the whole run (its direct buffer allocated once),
        // gathering from the epoch in progress
        int[] current = {0};
        try (ProbeStep step = steps.open(manager, from == null ? initial : from.head(), routine);
                BatchSource batches = fixed != null
                        ? BatchSources.open(placed, manager, fixed, labels, batch, step.biasColumn())
                        : new HostBatchSource(manager, new HostBatches((idx, a, b, dst, stride) -> x.gather(current[0],
                                idx, a, b, dst, stride), x.cols(), labels, batch, step.biasColumn()), n, batch)) {
            int first = 0;
            if (from != null) {
                step.restore(from.optimizer());
                first = from.epochs();
            }
            int[] order = new int[n];
            int iteration = first * itersPerEpoch;
            for (int epoch = 0; epoch < routine.epochs(); epoch++) {
                permutation(order, root.split());
                if (epoch < first) {
                    continue; // its draw is replayed so later epochs see the permutations they would have
                }
                x.beginEpoch(epoch);
                current[0] = epoch;
                batches.startEpoch(order);
                for (int start = 0; start < n; start += batch) {
                    try (BatchSource.Batch b = batches.next()) {
                        step.apply(b.features(), b.labels(), routine.learningRate(iteration, itersPerEpoch));
                    }
                    iteration++;
                }
                resume.completed(epoch + 1, step);
                afterEpoch.accept(epoch + 1);
            }
            return step.head();
        }
    }

    /** Says where a GPU run keeps its rows (once per different answer); CPU runs stay quiet. */
    private void note(PlacementDecision d) {
        boolean quiet = !manager.getDevice().isGpu() && placement == FeaturePlacement.AUTO;
        if (!quiet && !d.reason().equals(lastNote)) {
            lastNote = d.reason();
            System.err.println("lottery: probe on " + manager.getDevice() + ": " + d.reason());
        }
    }

    /**
     * The head's logits for every row of {@code x}, row-major {@code [rows][classes]}, computed on the
     * device with plain NDArray ops ({@code X W^T + b}) in blocks of rows read from the store one
     * block at a time.
     */
    @Override
    public float[] logits(LinearHead head, FeatureRows x) {
        if (x.cols() != head.dim()) {
            throw new IllegalArgumentException("features have " + x.cols() + " columns but the head expects dim "
                    + head.dim());
        }
        long size = (long) x.rows() * head.classes();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("logits of " + x.rows() + " rows x " + head.classes()
                    + " classes do not fit one Java array; score the rows in parts");
        }
        float[] out = new float[(int) size];
        int block = Math.min(LOGIT_ROWS, Math.max(1, x.rows()));
        ByteBuffer rows = ByteBuffer.allocateDirect(block * x.cols() * Float.BYTES).order(ByteOrder.nativeOrder());
        FloatBuffer rowFloats = rows.asFloatBuffer();
        try (NDManager scope = manager.newSubManager()) {
            NDArray weightT = scope.create(head.weight(), new Shape(head.classes(), head.dim())).transpose();
            NDArray bias = scope.create(head.bias(), new Shape(head.classes()));
            for (int start = 0; start < x.rows(); start += LOGIT_ROWS) {
                int count = Math.min(LOGIT_ROWS, x.rows() - start);
                x.copyRows(start, count, rowFloats, 0);
                try (NDManager scratch = scope.newSubManager()) {
                    NDArray xb = scratch.create(rows.slice(0, count * x.cols() * Float.BYTES),
                            new Shape(count, x.cols()), DataType.FLOAT32);
                    float[] part = xb.matMul(weightT).addi(bias).toFloatArray();
                    System.arraycopy(part, 0, out, start * head.classes(), part.length);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }

    /** Weights N(0, 0.01^2) drawn row-major with Box-Muller, bias 0. */
    public static LinearHead initialHead(int classes, int dim, SplittableRandom random) {
        float[] weight = new float[classes * dim];
        for (int i = 0; i < weight.length; i += 2) {
            double u1 = 1.0 - random.nextDouble(); // in (0, 1], so log is finite
            double u2 = random.nextDouble();
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
            weight[i] = (float) (0.01 * r * StrictMath.cos(2 * Math.PI * u2));
            if (i + 1 < weight.length) {
                weight[i + 1] = (float) (0.01 * r * StrictMath.sin(2 * Math.PI * u2));
            }
        }
        return new LinearHead(classes, dim, weight, new float[classes]);
    }

    /** Fills {@code a} with a seeded permutation of {@code 0..a.length-1} (Fisher-Yates from the identity). */
    public static void permutation(int[] a, SplittableRandom random) {
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static void checkTrainingData(int rows, int cols, int[] labels, int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, got " + classes);
        }
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("training features must be non-empty, got " + rows + "x" + cols);
        }
        if (labels.length != rows) {
            throw new IllegalArgumentException(
                    "expected one label per feature row (" + rows + "), got " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(
                        "label of row " + i + " must be in [0, " + classes + "), got " + labels[i]);
            }
        }
    }
}

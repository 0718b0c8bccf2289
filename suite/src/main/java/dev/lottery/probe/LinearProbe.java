package dev.lottery.probe;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lottery.features.FeatureMatrix;

import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Trains and applies linear heads on frozen features with the TensorFlow engine on one device.
 *
 * <p><b>Training</b> ({@link #train}): the head starts at weights N(0, 0.01^2) (std 0.01) and bias 0,
 * drawn in Java (not by TensorFlow's RNG) so it is the same everywhere. Random streams come from
 * {@code new SplittableRandom(seed)}: its first {@code split()} draws the initial weights
 * (Box-Muller over {@code nextDouble()} with {@link StrictMath}, row-major order), and the
 * {@code (e+2)}-th split orders epoch {@code e} (Fisher-Yates from the identity: for
 * {@code i = n-1..1} swap {@code i} with {@code nextInt(i+1)}). Each epoch walks the permutation in batches of
 * {@code batchSize}; the last partial batch is kept (as PyTorch's DataLoader with
 * {@code drop_last=False}) and its gradient is the mean over its own rows. The learning rate of each
 * iteration is {@link Routine#learningRate(int, int)} with {@code ceil(rows/batchSize)} iterations
 * per epoch. The last epoch's head is returned (no best-epoch selection).
 *
 * <p>The feature matrix is copied to the device once, as one NDArray, with the labels beside it
 * (rows x dim floats: 10.5 GB for ImageNet-1k at dim 2048).
 * The TensorFlow engine has no integer gather for NDArrays, so a batch is cut out with a boolean row
 * mask: its rows enter in ascending row order, while batch membership follows the seeded
 * permutation. The loss is a mean over the batch, so the order inside a batch changes only float
 * rounding, and it is itself deterministic.
 *
 * <p>Same seed, data, device and thread count give a bit-identical head on the CPU.
 */
public final class LinearProbe implements AutoCloseable {

    /** Changes whenever the same seed, data and routine would give a different head (part of cache keys). */
    public static final String VERSION = "linear-probe/3";

    /** Rows per device batch when computing logits; bounds device memory. */
    private static final int LOGIT_ROWS = 4096;

    private final NDManager manager;

    public LinearProbe(Device device) {
        this.manager = Engine.getEngine("TensorFlow").newBaseManager(device);
    }

    /** Trains a head; see the class comment for the exact procedure. */
    public LinearHead train(FeatureMatrix x, int[] labels, int classes, Routine routine, long seed) {
        return train(x, labels, classes, routine, seed, epoch -> { });
    }

    /**
     * Trains a head, calling {@code afterEpoch} with the number of completed epochs (1-based) after
     * each epoch.
     */
    public LinearHead train(
            FeatureMatrix x, int[] labels, int classes, Routine routine, long seed, IntConsumer afterEpoch) {
        checkTrainingData(x, labels, classes);
        int n = x.rows();
        int batch = Math.min(routine.batchSize(), n);
        int itersPerEpoch = (n + batch - 1) / batch;
        SplittableRandom root = new SplittableRandom(seed);
        LinearHead initial = initialHead(classes, x.cols(), root.split());
        try (NDManager data = manager.newSubManager();
             ProbeStep step = new ProbeStep(manager, initial, routine)) {
            NDArray features = data.create(x.values(), new Shape(n, x.cols()));
            NDArray allLabels = data.create(labels, new Shape(n));
            int[] order = new int[n];
            boolean[] mask = new boolean[n];
            int iteration = 0;
            for (int epoch = 0; epoch < routine.epochs(); epoch++) {
                permutation(order, root.split());
                for (int start = 0; start < n; start += batch) {
                    int end = Math.min(n, start + batch);
                    for (int i = start; i < end; i++) {
                        mask[order[i]] = true;
                    }
                    try (NDManager scratch = data.newSubManager()) {
                        // borrowed, so the batch and every intermediate are freed with scratch
                        scratch.tempAttachAll(features, allLabels);
                        NDArray rows = scratch.create(mask);
                        step.apply(features.booleanMask(rows), allLabels.booleanMask(rows),
                                routine.learningRate(iteration, itersPerEpoch));
                    }
                    for (int i = start; i < end; i++) {
                        mask[order[i]] = false;
                    }
                    iteration++;
                }
                afterEpoch.accept(epoch + 1);
            }
            return step.head();
        }
    }

    /**
     * The head's logits for every row of {@code x}, row-major {@code [rows][classes]}, computed on the
     * device in blocks of rows.
     */
    public float[] logits(LinearHead head, FeatureMatrix x) {
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
        try (NDManager scope = manager.newSubManager()) {
            NDArray weightT = scope.create(head.weight(), new Shape(head.classes(), head.dim())).transpose();
            NDArray bias = scope.create(head.bias(), new Shape(head.classes()));
            for (int start = 0; start < x.rows(); start += LOGIT_ROWS) {
                int rows = Math.min(LOGIT_ROWS, x.rows() - start);
                try (NDManager block = scope.newSubManager()) {
                    NDArray xb = block.create(
                            java.nio.FloatBuffer.wrap(x.values(), start * x.cols(), rows * x.cols()),
                            new Shape(rows, x.cols()));
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
    static LinearHead initialHead(int classes, int dim, SplittableRandom random) {
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
    static void permutation(int[] a, SplittableRandom random) {
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

    private static void checkTrainingData(FeatureMatrix x, int[] labels, int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, got " + classes);
        }
        if (x.rows() < 1 || x.cols() < 1) {
            throw new IllegalArgumentException("training features must be non-empty, got " + x.rows() + "x" + x.cols());
        }
        if (labels.length != x.rows()) {
            throw new IllegalArgumentException(
                    "expected one label per feature row (" + x.rows() + "), got " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(
                        "label of row " + i + " must be in [0, " + classes + "), got " + labels[i]);
            }
        }
    }
}

package dev.lottery.probe.tensorflow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.tensorflow.engine.TfNDManager;
import dev.lottery.probe.LinearHead;
import dev.lottery.probe.Optimizer;
import dev.lottery.probe.ProbeStep;
import dev.lottery.probe.Routine;
import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import org.tensorflow.internal.c_api.TFE_TensorHandle;

/**
 * The {@link ProbeStep} training runs: one optimizer step of a linear head on a batch, on the device
 * of a DJL TensorFlow manager, with TensorFlow's fused kernels.
 *
 * <p>The gradient is analytic (the TensorFlow engine has no autograd), for the mean softmax
 * cross-entropy over the batch: {@code logits = X W^T + b}; {@code G = softmax(logits) - onehot(y)}
 * (the Softmax kernel, which subtracts the row max before exponentiating, and the one-hot term
 * scattered at B places); {@code dW = G^T X / B}; {@code db = sum_rows(G) / B}. The head lives on the
 * device as one matrix {@code V = [W^T; b]} [dim + 1][classes], the weights transposed and the bias as
 * the last row, and the batch comes with a ones column ({@code X1 = [X 1]}, {@link #biasColumn()}:
 * the host batch sources write it for free; a batch without it gets it here, by a copy). So the forward
 * product {@code X1 V} adds the bias and the backward one {@code X1^T G} is {@code [dW^T; db]}: no
 * BiasAdd and no row sum, which took 1.37 and 0.89 ms beside the products' 20–22 ms at batch 1024,
 * 2048-d, 1000 classes (one timing on a 2-core EPYC; the K = 2049 products cost +0.5 / -0.4 ms). The
 * backward product uses MatMul's transpose flag on the batch: no transposed copy of the batch is ever
 * made (DJL's {@code matMul} has no such flags: {@link EagerOps} calls the op directly). oneDNN's sgemm
 * packs a transposed right operand slowly: {@code X W^T} with
 * the {@code [classes][dim]} layout took 25.4 ms against 20.1 ms for {@code X V} (batch 1024, 2048-d,
 * 1000 classes, 2-core EPYC), the single largest cost beyond the two products. Heads, momentum
 * state and gradients cross this class's boundary in the {@code [classes][dim]} layout of
 * {@link LinearHead}, transposed there.
 *
 * <p>The update is PyTorch's {@code torch.optim.SGD} (see {@link Routine}) done by TensorFlow's
 * fused ResourceApplyMomentum kernel on a resource variable, one pass over weights and bias together:
 * {@code buf = m*buf + g; w -= lr*(nesterov ? g + m*buf : buf)}; buffers start at zero, so the first
 * step's {@code buf = g} as in PyTorch. To spare a pass over {@code G} or {@code dW}, the kernel is
 * fed {@code S*g} and {@code lr/S} with {@code S} the routine's batch size: its buffer then holds
 * {@code S*buf}, and the weight update is the same in real arithmetic. For a full batch
 * ({@code B = S}) {@code S*g} is the summed gradient itself; a last partial batch is rescaled by
 * {@code S/B} (one extra pass). With weight decay {@code wd}, {@code S*g = (S/B)*dW_sum + S*wd*w}. For LARS the
 * weight gradient (incl. weight decay) is scaled by {@code larsTrust*||W||/||g||} when both norms are
 * positive, and the bias is excluded from the trust ratio and from weight decay (SimSiam's LARS): the
 * norms are taken over the weight rows, and decay and ratio applied by a per-row factor column.
 * {@link dev.lottery.probe.ReferenceProbeStep} does the same in plain NDArray ops, unscaled; tests
 * hold the two together step by step.
 *
 * <p>Every op output of a step is freed when the step ends, so device memory stays flat over
 * training.
 */
public final class FusedProbeStep implements ProbeStep {

    private final EagerOps ops;
    private final NDManager manager;
    private final int classes;
    private final int dim;
    private final Optimizer optimizer;
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final double larsTrust;
    /** The constant scale S of the gradients fed to the momentum kernel (see the class comment). */
    private final double scale;
    /** {@code [W^T; b]} [dim + 1][classes] (see the class comment). */
    private final EagerOps.Variable head;
    private final EagerOps.Variable buffer;
    /** For LARS with weight decay: {@code [1 .. 1, 0]} [dim + 1][1], the weight rows only; else null. */
    private final NDArray weightRows;

    /**
     * Puts {@code initial} on {@code parent}'s device with the optimizer settings of {@code routine}
     * (its schedule, epochs and batch size are the caller's business).
     */
    public FusedProbeStep(NDManager parent, LinearHead initial, Routine routine) {
        if (!(parent instanceof TfNDManager tf)) {
            throw new IllegalArgumentException("the fused probe step runs on the TensorFlow engine, got a manager of "
                    + parent.getEngine().getEngineName());
        }
        this.ops = new EagerOps(tf);
        this.manager = tf;
        this.classes = initial.classes();
        this.dim = initial.dim();
        this.optimizer = routine.optimizer();
        this.momentum = routine.momentum();
        this.nesterov = routine.nesterov();
        this.weightDecay = routine.weightDecay();
        this.larsTrust = routine.larsTrust();
        this.scale = routine.batchSize();
        try (NDManager init = parent.newSubManager()) {
            this.head = ops.variable(init.create(stacked(initial.weight(), initial.bias()), new Shape(dim + 1, classes)));
            this.buffer = ops.variable(init.zeros(new Shape(dim + 1, classes), DataType.FLOAT32));
        }
        if (optimizer == Optimizer.LARS && weightDecay != 0) {
            float[] rowMask = new float[dim + 1];
            java.util.Arrays.fill(rowMask, 0, dim, 1f);
            this.weightRows = tf.create(rowMask, new Shape(dim + 1, 1));
        } else {
            this.weightRows = null;
        }
    }

    /** {@code {W [classes][dim], b [classes]}} from a row-major {@code [W^T; b]} (the inverse of {@link #stacked}). */
    private float[][] unstacked(float[] v) {
        return new float[][] {transpose(v, dim, classes), java.util.Arrays.copyOfRange(v, dim * classes, (dim + 1) * classes)};
    }

    /** {@code [W^T; b]} row-major from {@code W} [classes][dim] and {@code b} [classes]. */
    private float[] stacked(float[] weight, float[] bias) {
        float[] v = java.util.Arrays.copyOf(transpose(weight, classes, dim), (dim + 1) * classes);
        System.arraycopy(bias, 0, v, dim * classes, classes);
        return v;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public boolean biasColumn() {
        return true;
    }

    @Override
    public void apply(NDArray features, NDArray labels, double lr) {
        ProbeStep.checkLearningRate(lr);
        long rows = features.getShape().get(0);
        try {
            TFE_TensorHandle g = summedGradient(features, labels);
            if (rows != scale) {
                g = ops.scale(g, scale / rows);
            }
            if (optimizer == Optimizer.SGD) {
                if (weightDecay != 0) {
                    g = ops.add(g, decayed(scale * weightDecay));
                }
            } else {
                g = larsScaled(g);
            }
            ops.applyMomentum(head, buffer, lr / scale, g, momentum, nesterov);
        } finally {
            ops.freeScratch();
        }
    }

    /** {@code factor * V}, releasing the read of the variable at once. */
    private TFE_TensorHandle decayed(double factor) {
        TFE_TensorHandle value = ops.read(head);
        TFE_TensorHandle out = ops.scale(value, factor);
        ops.release(value);
        return out;
    }

    /**
     * SimSiam's LARS on {@code S*g}: weight decay and the trust ratio on the weight rows only, the bias row
     * untouched; the weight rows' norms are taken on their own ({@code ||S*g_w|| / S = ||g_w||}).
     */
    private TFE_TensorHandle larsScaled(TFE_TensorHandle g) {
        TFE_TensorHandle v = ops.read(head);
        if (weightDecay != 0) {
            g = ops.add(g, ops.scale(ops.mul(v, EagerOps.handle(weightRows)), scale * weightDecay));
        }
        double weightNorm = ops.norm(ops.rows(v, 0, dim), 2);
        ops.release(v);
        double ratio = ProbeStep.trustRatio(weightNorm, ops.norm(ops.rows(g, 0, dim), 2) / scale, larsTrust);
        if (ratio == 1.0) {
            return g;
        }
        float[] factors = new float[dim + 1];
        java.util.Arrays.fill(factors, 0, dim, (float) ratio);
        factors[dim] = 1f;
        try (NDManager scratch = manager.newSubManager()) {
            return ops.mul(g, EagerOps.handle(scratch.create(factors, new Shape(dim + 1, 1))));
        }
    }

    /** The batch as {@code X1 = [X 1]}: as given when it has the ones column, else with it appended (a copy). */
    private TFE_TensorHandle withOnes(NDArray features) {
        long cols = features.getShape().get(1);
        if (cols == dim + 1) {
            return EagerOps.handle(features);
        }
        if (cols != dim) {
            throw new IllegalArgumentException("expected batches of " + dim + " features (or " + (dim + 1)
                    + " with the bias column), found " + cols);
        }
        return ops.withOnesColumn(EagerOps.handle(features), Math.toIntExact(features.getShape().get(0)));
    }

    /** {@code B * [dV; db]} [dim + 1][classes]: the gradients summed (not averaged) over the batch. */
    private TFE_TensorHandle summedGradient(NDArray features, NDArray labels) {
        TFE_TensorHandle x = withOnes(features);
        TFE_TensorHandle v = ops.read(head);
        TFE_TensorHandle logits = ops.matMul(x, v, false, false);
        // no reference to the variable's buffer may outlive the forward pass (see EagerOps.release)
        ops.release(v);
        TFE_TensorHandle g = ops.softmaxMinusOneHot(logits, EagerOps.handle(labels),
                Math.toIntExact(features.getShape().get(0)));
        ops.release(logits);
        return ops.matMul(x, g, true, false);
    }

    @Override
    public float[] logits(NDArray features) {
        try {
            TFE_TensorHandle v = ops.read(head);
            return floats(ops.matMul(withOnes(features), v, false, false));
        } finally {
            ops.freeScratch();
        }
    }

    @Override
    public float[][] gradients(NDArray features, NDArray labels) {
        long rows = features.getShape().get(0);
        try {
            return unstacked(floats(ops.scale(summedGradient(features, labels), 1.0 / rows)));
        } finally {
            ops.freeScratch();
        }
    }

    /** A row-major {@code [rows][cols]} matrix as {@code [cols][rows]} (exact: values are only moved). */
    static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }

    private static float[] floats(TFE_TensorHandle h) {
        java.nio.FloatBuffer b = JavacppUtils.getByteBuffer(h).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }

    @Override
    public float firstWeight() {
        try {
            return ops.first(ops.read(head));
        } finally {
            ops.freeScratch();
        }
    }

    @Override
    public LinearHead head() {
        try {
            float[][] wb = unstacked(ops.toFloats(head));
            return new LinearHead(classes, dim, wb[0], wb[1]);
        } finally {
            ops.freeScratch();
        }
    }

    /**
     * The momentum buffers as this step keeps them (fed gradients scaled by S; see the class comment),
     * the weights' in the {@code [classes][dim]} layout.
     */
    @Override
    public float[][] state() {
        try {
            return unstacked(ops.toFloats(buffer));
        } finally {
            ops.freeScratch();
        }
    }

    @Override
    public void restore(float[][] state) {
        ProbeStep.checkState(state, classes, dim);
        try (NDManager scratch = manager.newSubManager()) {
            ops.assign(buffer, scratch.create(stacked(state[0], state[1]), new Shape(dim + 1, classes)));
        }
    }

    @Override
    public void close() {
        head.close();
        buffer.close();
        if (weightRows != null) {
            weightRows.close();
        }
        ops.close();
    }
}

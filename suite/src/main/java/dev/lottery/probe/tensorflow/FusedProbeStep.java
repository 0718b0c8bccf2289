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
 * scattered at B places); {@code dW = G^T X / B}; {@code db = sum_rows(G) / B}. The weights live
 * transposed on the device, {@code V = W^T} [dim][classes], so the forward product is a plain
 * {@code X V} and the backward one {@code dV = X^T G} uses MatMul's transpose flag on the batch: no
 * transposed copy of the batch is ever made (DJL's {@code matMul} has no such flags: {@link EagerOps}
 * calls the op directly). oneDNN's sgemm packs a transposed right operand slowly: {@code X W^T} with
 * the {@code [classes][dim]} layout took 25.4 ms against 20.1 ms for {@code X V} (batch 1024, 2048-d,
 * 1000 classes, 2-core EPYC), the single largest cost beyond the two products. Heads, momentum
 * state and gradients cross this class's boundary in the {@code [classes][dim]} layout of
 * {@link LinearHead}, transposed there.
 *
 * <p>The update is PyTorch's {@code torch.optim.SGD} (see {@link Routine}) done by TensorFlow's
 * fused ResourceApplyMomentum kernel on resource variables, one pass over the weights:
 * {@code buf = m*buf + g; w -= lr*(nesterov ? g + m*buf : buf)}; buffers start at zero, so the first
 * step's {@code buf = g} as in PyTorch. To spare a pass over {@code G} or {@code dW}, the kernel is
 * fed {@code S*g} and {@code lr/S} with {@code S} the routine's batch size: its buffer then holds
 * {@code S*buf}, and the weight update is the same in real arithmetic. For a full batch
 * ({@code B = S}) {@code S*g} is the summed gradient itself; a last partial batch is rescaled by
 * {@code S/B} (one extra pass). With weight decay {@code wd}, {@code S*g = (S/B)*dW_sum + S*wd*w}. For LARS the
 * weight gradient (incl. weight decay) is scaled by {@code larsTrust*||W||/||g||} when both norms are
 * positive, and the bias is excluded from the trust ratio and from weight decay (SimSiam's LARS).
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
    /** {@code W^T} [dim][classes] (see the class comment). */
    private final EagerOps.Variable weight;
    private final EagerOps.Variable bias;
    private final EagerOps.Variable weightBuf;
    private final EagerOps.Variable biasBuf;

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
            this.weight = ops.variable(init.create(transpose(initial.weight(), classes, dim), new Shape(dim, classes)));
            this.bias = ops.variable(init.create(initial.bias(), new Shape(classes)));
            this.weightBuf = ops.variable(init.zeros(new Shape(dim, classes), DataType.FLOAT32));
            this.biasBuf = ops.variable(init.zeros(new Shape(classes), DataType.FLOAT32));
        }
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
    public void apply(NDArray features, NDArray labels, double lr) {
        ProbeStep.checkLearningRate(lr);
        long rows = features.getShape().get(0);
        try {
            TFE_TensorHandle[] sums = summedGradients(features, labels);
            TFE_TensorHandle gWeight = sums[0];
            TFE_TensorHandle gBias = sums[1];
            if (rows != scale) {
                gWeight = ops.scale(gWeight, scale / rows);
                gBias = ops.scale(gBias, scale / rows);
            }
            if (weightDecay != 0) {
                gWeight = ops.add(gWeight, decayed(weight, scale * weightDecay));
                if (optimizer == Optimizer.SGD) {
                    gBias = ops.add(gBias, decayed(bias, scale * weightDecay));
                }
            }
            if (optimizer == Optimizer.LARS) {
                // ||S*g|| / S = ||g||
                TFE_TensorHandle w = ops.read(weight);
                double weightNorm = ops.norm(w, 2);
                ops.release(w);
                double ratio = ProbeStep.trustRatio(weightNorm, ops.norm(gWeight, 2) / scale, larsTrust);
                if (ratio != 1.0) {
                    gWeight = ops.scale(gWeight, ratio);
                }
            }
            ops.applyMomentum(weight, weightBuf, lr / scale, gWeight, momentum, nesterov);
            ops.applyMomentum(bias, biasBuf, lr / scale, gBias, momentum, nesterov);
        } finally {
            ops.freeScratch();
        }
    }

    /** {@code factor * var}, releasing the read of the variable at once. */
    private TFE_TensorHandle decayed(EagerOps.Variable var, double factor) {
        TFE_TensorHandle value = ops.read(var);
        TFE_TensorHandle out = ops.scale(value, factor);
        ops.release(value);
        return out;
    }

    /** {@code {B*dV [dim][classes], B*db [classes]}}: the gradients summed (not averaged) over the batch. */
    private TFE_TensorHandle[] summedGradients(NDArray features, NDArray labels) {
        TFE_TensorHandle x = EagerOps.handle(features);
        TFE_TensorHandle w = ops.read(weight);
        TFE_TensorHandle b = ops.read(bias);
        TFE_TensorHandle product = ops.matMul(x, w, false, false);
        TFE_TensorHandle logits = ops.biasAdd(product, b);
        // no reference to the variables' buffers may outlive the forward pass (see EagerOps.release)
        ops.release(w);
        ops.release(b);
        ops.release(product);
        TFE_TensorHandle g = ops.softmaxMinusOneHot(logits, EagerOps.handle(labels),
                Math.toIntExact(features.getShape().get(0)));
        ops.release(logits);
        return new TFE_TensorHandle[] {ops.matMul(x, g, true, false), ops.sumRows(g)};
    }

    @Override
    public float[] logits(NDArray features) {
        try {
            TFE_TensorHandle w = ops.read(weight);
            TFE_TensorHandle b = ops.read(bias);
            return floats(ops.biasAdd(ops.matMul(EagerOps.handle(features), w, false, false), b));
        } finally {
            ops.freeScratch();
        }
    }

    @Override
    public float[][] gradients(NDArray features, NDArray labels) {
        long rows = features.getShape().get(0);
        try {
            TFE_TensorHandle[] sums = summedGradients(features, labels);
            float[] dw = transpose(floats(ops.scale(sums[0], 1.0 / rows)), dim, classes);
            float[] db = floats(ops.scale(sums[1], 1.0 / rows));
            return new float[][] {dw, db};
        } finally {
            ops.freeScratch();
        }
    }

    /** A row-major {@code [rows][cols]} matrix as {@code [cols][rows]} (exact: values are only moved). */
    static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
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
            return ops.first(ops.read(weight));
        } finally {
            ops.freeScratch();
        }
    }

    @Override
    public LinearHead head() {
        try {
            return new LinearHead(classes, dim, transpose(ops.toFloats(weight), dim, classes), ops.toFloats(bias));
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
            return new float[][] {transpose(ops.toFloats(weightBuf), dim, classes), ops.toFloats(biasBuf)};
        } finally {
            ops.freeScratch();
        }
    }

    @Override
    public void restore(float[][] state) {
        ProbeStep.checkState(state, classes, dim);
        try (NDManager scratch = manager.newSubManager()) {
            ops.assign(weightBuf, scratch.create(transpose(state[0], classes, dim), new Shape(dim, classes)));
            ops.assign(biasBuf, scratch.create(state[1], new Shape(classes)));
        }
    }

    @Override
    public void close() {
        weight.close();
        bias.close();
        weightBuf.close();
        biasBuf.close();
        ops.close();
    }
}

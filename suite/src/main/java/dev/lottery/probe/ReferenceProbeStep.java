package dev.lottery.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The reference {@link ProbeStep}: the step written straight from its formulas with DJL's
 * engine-neutral NDArray API only ({@code matMul}, {@code softmax}, {@code oneHot}, {@code sub},
 * {@code mul}, {@code sum}, in-place {@code muli/addi/subi}), so it runs on an {@link NDManager} of any
 * engine. Training uses the fused step of the engine's adapter; this one is what tests hold it to,
 * step by step.
 *
 * <p>Per step, in PyTorch's order and without any rescaling: {@code logits = X W^T + b};
 * {@code G = softmax(logits) - onehot(y)}; {@code gW = G^T X / B}, {@code gb = sum_rows(G) / B};
 * with weight decay {@code gW += wd*W} (and {@code gb += wd*b} for SGD); for LARS
 * {@code gW *= }{@link ProbeStep#trustRatio trustRatio}{@code (||W||, ||gW||, eta)} (norms summed in
 * double on the host); then for each parameter {@code buf = m*buf + g},
 * {@code p -= lr*(nesterov ? g + m*buf : buf)}, buffers starting at zero.
 *
 * <p>The head and its buffers live in a sub-manager of the parent; each step works in a scratch
 * manager that its inputs and the head are temporarily attached to (DJL puts an op's result on its
 * receiver's manager), and closes it, so nothing a step makes outlives it.
 */
public final class ReferenceProbeStep implements ProbeStep {

    private final NDManager state;
    private final int classes;
    private final int dim;
    private final Optimizer optimizer;
    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;
    private final double larsTrust;
    private final NDArray weight;
    private final NDArray bias;
    private final NDArray weightBuf;
    private final NDArray biasBuf;

    /** Puts {@code initial} on {@code parent}'s device with the optimizer settings of {@code routine}. */
    public ReferenceProbeStep(NDManager parent, LinearHead initial, Routine routine) {
        this.state = parent.newSubManager();
        this.classes = initial.classes();
        this.dim = initial.dim();
        this.optimizer = routine.optimizer();
        this.momentum = (float) routine.momentum();
        this.nesterov = routine.nesterov();
        this.weightDecay = (float) routine.weightDecay();
        this.larsTrust = routine.larsTrust();
        this.weight = state.create(initial.weight(), new Shape(classes, dim));
        this.bias = state.create(initial.bias(), new Shape(classes));
        this.weightBuf = state.zeros(new Shape(classes, dim), DataType.FLOAT32);
        this.biasBuf = state.zeros(new Shape(classes), DataType.FLOAT32);
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
        try (NDManager scratch = scratch(features, labels)) {
            NDArray[] g = meanGradients(features, labels);
            NDArray gWeight = g[0];
            NDArray gBias = g[1];
            if (weightDecay != 0) {
                gWeight = gWeight.add(weight.mul(weightDecay));
                if (optimizer == Optimizer.SGD) {
                    gBias = gBias.add(bias.mul(weightDecay));
                }
            }
            if (optimizer == Optimizer.LARS) {
                double ratio = ProbeStep.trustRatio(norm(weight), norm(gWeight), larsTrust);
                if (ratio != 1.0) {
                    gWeight = gWeight.mul((float) ratio);
                }
            }
            momentumStep(weight, weightBuf, gWeight, (float) lr);
            momentumStep(bias, biasBuf, gBias, (float) lr);
        }
    }

    /** PyTorch's SGD momentum, in place: {@code buf = m*buf + g; p -= lr*(nesterov ? g + m*buf : buf)}. */
    private void momentumStep(NDArray param, NDArray buf, NDArray grad, float lr) {
        buf.muli(momentum).addi(grad);
        NDArray update = nesterov ? grad.add(buf.mul(momentum)) : buf;
        param.subi(update.mul(lr));
    }

    /** {gW, gb} of the mean cross-entropy over the batch, on the scratch manager. */
    private NDArray[] meanGradients(NDArray features, NDArray labels) {
        long rows = features.getShape().get(0);
        NDArray g = forward(features).softmax(1).sub(labels.oneHot(classes));
        NDArray dWeight = g.transpose().matMul(features).div((float) rows);
        NDArray dBias = g.sum(new int[] {0}).div((float) rows);
        return new NDArray[] {dWeight, dBias};
    }

    private NDArray forward(NDArray features) {
        return features.matMul(weight.transpose()).add(bias);
    }

    /** The Euclidean norm, the squares summed on the device and the root taken on the host. */
    private static double norm(NDArray a) {
        return Math.sqrt(a.mul(a).sum().toFloatArray()[0]);
    }

    @Override
    public float[] logits(NDArray features) {
        try (NDManager scratch = scratch(features)) {
            return forward(features).toFloatArray();
        }
    }

    @Override
    public float[][] gradients(NDArray features, NDArray labels) {
        try (NDManager scratch = scratch(features, labels)) {
            NDArray[] g = meanGradients(features, labels);
            return new float[][] {g[0].toFloatArray(), g[1].toFloatArray()};
        }
    }

    @Override
    public float firstWeight() {
        try (NDManager scratch = scratch()) {
            return weight.get(0, 0).getFloat();
        }
    }

    @Override
    public LinearHead head() {
        return new LinearHead(classes, dim, weight.toFloatArray(), bias.toFloatArray());
    }

    @Override
    public float[][] state() {
        return new float[][] {weightBuf.toFloatArray(), biasBuf.toFloatArray()};
    }

    @Override
    public void restore(float[][] saved) {
        ProbeStep.checkState(saved, classes, dim);
        try (NDManager scratch = state.newSubManager()) {
            weightBuf.set(scratch.create(saved[0], new Shape(classes, dim)).toByteBuffer());
            biasBuf.set(scratch.create(saved[1], new Shape(classes)).toByteBuffer());
        }
    }

    @Override
    public void close() {
        state.close();
    }

    /**
     * A scratch manager that the head, its buffers and {@code inputs} are attached to until it
     * closes: every op result lands on it, and the arrays go back to their managers afterwards.
     */
    private NDManager scratch(NDArray... inputs) {
        NDManager scratch = state.newSubManager();
        NDList held = new NDList(weight, bias, weightBuf, biasBuf);
        for (NDArray a : inputs) {
            held.add(a);
        }
        held.tempAttach(scratch);
        return scratch;
    }
}

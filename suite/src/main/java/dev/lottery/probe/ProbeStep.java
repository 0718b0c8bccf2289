package dev.lottery.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * One optimizer step of a linear head on a batch, on DJL NDArrays. Shared by {@link LinearProbe}
 * and {@link ProbeBenchmark}, so the benchmark measures the step training really runs.
 *
 * <p>Holds the head's parameters and momentum buffers on the device. The weight is stored
 * transposed, {@code [dim][classes]}, so the forward product {@code X W^T} is a plain matmul. The
 * backward product {@code dW^T = X^T G} then needs {@code X^T}: DJL's TensorFlow {@code matMul}
 * exposes no transpose flags, and whichever layout is chosen, one of {@code X}, {@code W} or
 * {@code dW} (each batch x dim or classes x dim) must be transposed once per step; {@code X^T} is
 * the cheapest of those choices.
 *
 * <p>The gradient is analytic (the TensorFlow engine has no autograd), for the mean softmax
 * cross-entropy over the batch: {@code logits = X W^T + b}; {@code P = softmax(logits)}
 * (TensorFlow's fused Softmax kernel, which subtracts the row max before exponentiating);
 * {@code G = (P - onehot(y)) / B}; {@code dW = G^T X}; {@code db = sum_rows(G)}. The one-hot is
 * built per batch from int labels (one op); a one-hot of the whole training set would be rows x
 * classes floats (5 GB for ImageNet-1k). The update is PyTorch's {@code torch.optim.SGD} (see
 * {@link Routine}); for LARS the weight gradient (incl. weight decay) is scaled by
 * {@code larsTrust*||W||/||g||} when both norms are positive, and the bias is excluded from the
 * trust ratio and from weight decay. Momentum buffers start at zero, so the first step's
 * {@code buf = 0*m + g = g} as in PyTorch.
 *
 * <p>To save passes over the weight-sized arrays, a step works with {@code sigma*g} where
 * {@code sigma = lr} (or 1 for a step with learning rate 0): the factor {@code sigma/B} is folded
 * into the small {@code G}, and the momentum buffer holds {@code sigma*buf}, rescaled by
 * {@code sigma_t/sigma_{t-1}} inside the momentum multiply. Then {@code w -= lr*buf} is a single
 * subtraction. This is PyTorch's update exactly in real arithmetic; only float rounding differs.
 *
 * <p>Every intermediate of a step lives in a sub-manager closed at the end of the step, so device
 * memory stays flat over training.
 */
public final class ProbeStep implements AutoCloseable {

    private final NDManager manager;
    private final int classes;
    private final int dim;
    private final Optimizer optimizer;
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final double larsTrust;
    private final NDArray weightT;
    private final NDArray bias;
    private final NDArray weightBuf;
    private final NDArray biasBuf;
    /** The scale of the momentum buffers' contents after the previous step (see {@link #update}). */
    private double previousSigma = 1.0;

    /**
     * Puts {@code initial} on {@code parent}'s device with the optimizer settings of {@code routine}
     * (its schedule, epochs and batch size are the caller's business).
     */
    public ProbeStep(NDManager parent, LinearHead initial, Routine routine) {
        this.manager = parent.newSubManager();
        this.classes = initial.classes();
        this.dim = initial.dim();
        this.optimizer = routine.optimizer();
        this.momentum = routine.momentum();
        this.nesterov = routine.nesterov();
        this.weightDecay = routine.weightDecay();
        this.larsTrust = routine.larsTrust();
        try (NDArray w = manager.create(initial.weight(), new Shape(classes, dim))) {
            this.weightT = w.transpose();
        }
        this.bias = manager.create(initial.bias(), new Shape(classes));
        this.weightBuf = manager.zeros(new Shape(dim, classes), DataType.FLOAT32);
        this.biasBuf = manager.zeros(new Shape(classes), DataType.FLOAT32);
    }

    public int classes() {
        return classes;
    }

    public int dim() {
        return dim;
    }

    /**
     * Updates the head with one step on a batch.
     *
     * @param features {@code [B][dim]} float32 on this step's device
     * @param labels   {@code [B]} int32 class indices in [0, classes)
     * @param lr       the learning rate of this iteration, &ge; 0
     */
    public void apply(NDArray features, NDArray labels, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a finite number >= 0, got " + lr);
        }
        long rows = features.getShape().get(0);
        // Everything below is computed pre-multiplied by sigma (= lr when lr > 0) so that the
        // weight update is one subtraction; see the class comment.
        double sigma = lr > 0 ? lr : 1.0;
        double decay = optimizer == Optimizer.SGD ? 1 : 0; // LARS: no weight decay on the bias
        try (NDManager scratch = manager.newSubManager()) {
            // Results of ops land in their receiver's manager: borrow everything into scratch.
            scratch.tempAttachAll(features, labels, weightT, bias, weightBuf, biasBuf);
            NDList grads = gradients(features, labels, weightT, bias, classes, sigma / rows);
            NDArray dWeightT = grads.get(0);
            NDArray dBias = grads.get(1);
            if (weightDecay != 0) {
                dWeightT.addi(times(weightT, sigma * weightDecay));
                if (decay != 0) {
                    dBias.addi(times(bias, sigma * weightDecay));
                }
            }
            if (optimizer == Optimizer.LARS) {
                // ||sigma*g|| = sigma*||g||, so the ratio of the true gradient is sigma times this one's
                double ratio = trustRatio(weightT, dWeightT, larsTrust);
                if (ratio != 1.0) {
                    timesInPlace(dWeightT, ratio * sigma);
                }
            }
            update(weightT, dWeightT, weightBuf, lr, sigma);
            update(bias, dBias, biasBuf, lr, sigma);
        }
        previousSigma = sigma;
    }

    /**
     * PyTorch SGD momentum/Nesterov update of one parameter, in place, from {@code sg = sigma*g}.
     * The buffer holds {@code u = sigma*buf}: {@code u_t = m*(sigma_t/sigma_{t-1})*u_{t-1} + sigma_t*g_t};
     * then {@code lr*buf = u} and {@code lr*(g + m*buf) = sg + m*u} when {@code sigma = lr}.
     */
    private void update(NDArray param, NDArray sg, NDArray buf, double lr, double sigma) {
        NDArray step = sg;
        if (momentum != 0) {
            timesInPlace(buf, momentum * sigma / previousSigma).addi(sg);
            step = nesterov ? sg.addi(times(buf, momentum)) : buf;
        }
        if (lr > 0) {
            param.subi(step);
        }
    }

    /**
     * LARS trust ratio {@code eta*||w||/||g||}, or 1 when either norm is 0 (SimSiam's LARS).
     * Computed in double from the two float norms read back from the device.
     */
    static double trustRatio(NDArray weight, NDArray grad, double eta) {
        double wNorm = weight.norm().getFloat();
        double gNorm = grad.norm().getFloat();
        return wNorm > 0 && gNorm > 0 ? eta * wNorm / gNorm : 1.0;
    }

    /**
     * Analytic gradient of the mean softmax cross-entropy of a linear head: {dW^T [dim][classes],
     * db [classes]}. Results and intermediates are created in {@code features}' manager.
     */
    static NDList gradients(NDArray features, NDArray labels, NDArray weightT, NDArray bias, int classes) {
        return gradients(features, labels, weightT, bias, classes, 1.0 / features.getShape().get(0));
    }

    /** As above with {@code G = (P - Y) * scale}; {@code scale = 1/B} gives the true gradient. */
    static NDList gradients(
            NDArray features, NDArray labels, NDArray weightT, NDArray bias, int classes, double scale) {
        NDArray logits = features.matMul(weightT).addi(bias);
        // TensorFlow's Softmax kernel subtracts the row max before exp: one pass instead of five ops
        NDArray p = logits.softmax(1);
        NDArray g = timesInPlace(p.subi(labels.oneHot(classes)), scale);
        NDArray dWeightT = features.transpose().matMul(g);
        NDArray dBias = g.sum(new int[] {0});
        return new NDList(dWeightT, dBias);
    }

    /** {@code a * v} with {@code v} made a float32 scalar on the host (saves the cast op of {@code mul(Number)}). */
    private static NDArray times(NDArray a, double v) {
        try (NDArray scalar = a.getManager().create((float) v)) {
            return a.mul(scalar);
        }
    }

    /** {@code a *= v}, as {@link #times}. */
    private static NDArray timesInPlace(NDArray a, double v) {
        try (NDArray scalar = a.getManager().create((float) v)) {
            return a.muli(scalar);
        }
    }

    /**
     * Reads one weight back to the host. Forces all queued device work on the weights to finish;
     * benchmarks call it so that a step is measured to completion.
     */
    public float firstWeight() {
        try (NDArray one = weightT.get(0, 0)) {
            return one.getFloat();
        }
    }

    /** The current head, copied to the host, weight row-major {@code [classes][dim]}. */
    public LinearHead head() {
        try (NDArray w = weightT.transpose()) {
            return new LinearHead(classes, dim, w.toFloatArray(), bias.toFloatArray());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}

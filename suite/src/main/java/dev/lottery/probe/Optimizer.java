package dev.lottery.probe;

/**
 * The update rule of a linear-probe routine.
 *
 * <ul>
 *   <li>{@link #SGD}: PyTorch's {@code torch.optim.SGD} (momentum, optional Nesterov, L2 weight
 *       decay added to the gradient of weight and bias alike).
 *   <li>{@link #LARS}: the LARS wrapper used by SimSiam's and MoCo v3's linear evaluation: SGD with
 *       momentum whose weight gradient (including weight decay) is scaled by a layer-wise trust
 *       ratio; the bias is excluded from both the trust ratio and weight decay.
 * </ul>
 */
public enum Optimizer {
    SGD,
    LARS
}

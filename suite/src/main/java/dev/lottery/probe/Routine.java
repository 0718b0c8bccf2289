package dev.lottery.probe;

import java.util.Arrays;
import java.util.Objects;

/**
 * A declared linear-probe training routine: optimizer, learning-rate schedule, epochs and batch
 * size, plus where the values come from.
 *
 * <p>The optimizer follows PyTorch's {@code torch.optim.SGD}: with weight decay {@code wd},
 * {@code g = grad + wd*w}; {@code buf = momentum*buf + g} (first step {@code buf = g});
 * {@code update = g + momentum*buf} with Nesterov, else {@code update = buf}; {@code w -= lr*update}.
 * For {@link Optimizer#LARS} the weight gradient {@code g} (incl. weight decay) is first scaled by
 * the trust ratio {@code larsTrust*||w||/||g||} when both norms are positive; the bias gets neither
 * the trust ratio nor weight decay (as in SimSiam's LARS, which adapts only parameters with more
 * than one dimension).
 *
 * <p>Milestones are epoch numbers (the decay applies from the start of that epoch, counting from
 * 0 as PyTorch's {@code MultiStepLR} does); a milestone listed twice decays twice.
 *
 * @param id           short name used in catalogs and reports
 * @param optimizer    SGD or LARS
 * @param lr           base learning rate, finite and &gt; 0
 * @param momentum     in [0, 1)
 * @param nesterov     Nesterov momentum (SGD only; needs momentum &gt; 0)
 * @param weightDecay  L2 coefficient, &ge; 0
 * @param schedule     learning-rate schedule
 * @param milestones   STEP only: non-decreasing epochs in [1, epochs]; empty otherwise
 * @param gamma        STEP only: decay factor in (0, 1]
 * @param warmupEpochs linear warmup length in epochs, in [0, epochs)
 * @param epochs       &ge; 1
 * @param batchSize    &ge; 1
 * @param larsTrust    LARS trust coefficient eta (e.g. 0.001), &gt; 0 for LARS; ignored for SGD
 * @param source       where the values come from (e.g. {@code facebookresearch/moco main_lincls.py})
 */
public record Routine(
        String id,
        Optimizer optimizer,
        double lr,
        double momentum,
        boolean nesterov,
        double weightDecay,
        Schedule schedule,
        int[] milestones,
        double gamma,
        int warmupEpochs,
        int epochs,
        int batchSize,
        double larsTrust,
        String source) {

    public Routine {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("routine id must be a non-blank name, got " + quoted(id));
        }
        String where = "routine '" + id + "': ";
        if (optimizer == null) {
            throw new IllegalArgumentException(where + "optimizer must be one of " + Arrays.toString(Optimizer.values()) + ", got null");
        }
        if (schedule == null) {
            throw new IllegalArgumentException(where + "schedule must be one of " + Arrays.toString(Schedule.values()) + ", got null");
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(where + "lr must be a finite number > 0, got " + lr);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException(where + "momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException(where + "nesterov needs momentum > 0, got momentum 0");
        }
        if (nesterov && optimizer == Optimizer.LARS) {
            throw new IllegalArgumentException(where + "nesterov is supported for SGD only, got optimizer LARS");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException(where + "weightDecay must be a finite number >= 0, got " + weightDecay);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException(where + "epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException(where + "batchSize must be >= 1, got " + batchSize);
        }
        if (warmupEpochs < 0 || warmupEpochs >= epochs) {
            throw new IllegalArgumentException(
                    where + "warmupEpochs must be in [0, epochs=" + epochs + "), got " + warmupEpochs);
        }
        milestones = milestones == null ? new int[0] : milestones.clone();
        if (schedule == Schedule.STEP) {
            if (milestones.length == 0) {
                throw new IllegalArgumentException(where + "schedule STEP needs at least one milestone epoch, got none");
            }
            for (int i = 0; i < milestones.length; i++) {
                if (milestones[i] < 1 || milestones[i] > epochs) {
                    throw new IllegalArgumentException(where + "milestones must lie in [1, epochs=" + epochs
                            + "], got " + milestones[i] + " in " + Arrays.toString(milestones));
                }
                if (i > 0 && milestones[i] < milestones[i - 1]) {
                    throw new IllegalArgumentException(
                            where + "milestones must be non-decreasing, got " + Arrays.toString(milestones));
                }
            }
            if (!(gamma > 0 && gamma <= 1)) {
                throw new IllegalArgumentException(where + "schedule STEP needs gamma in (0, 1], got " + gamma);
            }
        } else if (milestones.length > 0) {
            throw new IllegalArgumentException(where + "milestones are only meaningful for schedule STEP, got "
                    + Arrays.toString(milestones) + " with schedule " + schedule);
        }
        if (optimizer == Optimizer.LARS && (!(larsTrust > 0) || Double.isInfinite(larsTrust))) {
            throw new IllegalArgumentException(where + "LARS needs a finite trust coefficient larsTrust > 0 (e.g. 0.001), got " + larsTrust);
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException(where + "source must say where the values come from, got " + quoted(source));
        }
    }

    /** A copy; the record never shares its array. */
    @Override
    public int[] milestones() {
        return milestones.clone();
    }

    /**
     * The same routine trained for {@code newEpochs} epochs, with milestones and warmup scaled by
     * {@code newEpochs / epochs} (rounded to the nearest epoch). Scaled milestones stay in
     * [1, newEpochs]; a non-zero warmup stays at least 1 epoch but always below {@code newEpochs}.
     */
    public Routine withEpochs(int newEpochs) {
        if (newEpochs < 1) {
            throw new IllegalArgumentException("routine '" + id + "': epochs must be >= 1, got " + newEpochs);
        }
        double factor = (double) newEpochs / epochs;
        int[] scaled = new int[milestones.length];
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = (int) Math.max(1, Math.min(newEpochs, Math.round(milestones[i] * factor)));
        }
        int warmup = warmupEpochs == 0 ? 0 : (int) Math.max(1, Math.round(warmupEpochs * factor));
        warmup = Math.min(warmup, newEpochs - 1);
        return new Routine(id, optimizer, lr, momentum, nesterov, weightDecay, schedule, scaled, gamma, warmup,
                newEpochs, batchSize, larsTrust, source);
    }

    /**
     * The same routine with {@code round(epochs * factor)} epochs (at least 1); milestones and warmup
     * scale with it as in {@link #withEpochs(int)}.
     */
    public Routine scaledEpochs(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("routine '" + id + "': epoch scale factor must be a finite number > 0, got " + factor);
        }
        return withEpochs((int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(epochs * factor))));
    }

    /**
     * The learning rate of iteration {@code iteration} (0-based, counted over the whole run), with
     * {@code itersPerEpoch} iterations in every epoch. Let {@code T = epochs*itersPerEpoch} and
     * {@code W = warmupEpochs*itersPerEpoch}.
     *
     * <ul>
     *   <li>Warmup ({@code iteration < W}): {@code base(iteration) * iteration / W}, a linear ramp
     *       from 0 (so the very first step of a warmed-up routine has learning rate 0, as in MoCo
     *       v3's per-iteration schedule).
     *   <li>CONSTANT: {@code base = lr}.
     *   <li>STEP: {@code base = lr * gamma^k}, {@code k} = number of milestones {@code <= e} where
     *       {@code e = iteration / itersPerEpoch} is the 0-based epoch.
     *   <li>COSINE: {@code base = lr * 0.5 * (1 + cos(pi * (iteration - W) / (T - W)))}: exactly
     *       {@code lr} at the first iteration after warmup, {@code lr/2} halfway, and reaching 0 at
     *       {@code iteration = T} (one past the last step). During warmup the ramp multiplies
     *       {@code lr}.
     * </ul>
     *
     * <p>Note: the reference scripts differ in granularity (e.g. SwAV steps its cosine once per
     * epoch); this suite always steps per iteration.
     */
    public double learningRate(int iteration, int itersPerEpoch) {
        if (itersPerEpoch < 1) {
            throw new IllegalArgumentException("itersPerEpoch must be >= 1, got " + itersPerEpoch);
        }
        long total = (long) epochs * itersPerEpoch;
        if (iteration < 0 || iteration > total) {
            throw new IllegalArgumentException(
                    "iteration must be in [0, " + total + "] for routine '" + id + "', got " + iteration);
        }
        long warmup = (long) warmupEpochs * itersPerEpoch;
        double base = switch (schedule) {
            case CONSTANT -> lr;
            case STEP -> {
                int epoch = iteration / itersPerEpoch;
                double rate = lr;
                for (int m : milestones) {
                    if (m <= epoch) {
                        rate *= gamma;
                    }
                }
                yield rate;
            }
            case COSINE -> iteration < warmup
                    ? lr
                    : lr * 0.5 * (1 + Math.cos(Math.PI * (iteration - warmup) / (double) (total - warmup)));
        };
        return iteration < warmup ? base * iteration / warmup : base;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Routine r
                && id.equals(r.id) && optimizer == r.optimizer
                && Double.compare(lr, r.lr) == 0 && Double.compare(momentum, r.momentum) == 0
                && nesterov == r.nesterov && Double.compare(weightDecay, r.weightDecay) == 0
                && schedule == r.schedule && Arrays.equals(milestones, r.milestones)
                && Double.compare(gamma, r.gamma) == 0 && warmupEpochs == r.warmupEpochs
                && epochs == r.epochs && batchSize == r.batchSize
                && Double.compare(larsTrust, r.larsTrust) == 0 && source.equals(r.source);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(id, optimizer, lr, momentum, nesterov, weightDecay, schedule, gamma, warmupEpochs,
                epochs, batchSize, larsTrust, source) + Arrays.hashCode(milestones);
    }

    @Override
    public String toString() {
        return "Routine[" + id + ": " + optimizer + " lr=" + lr + " momentum=" + momentum
                + (nesterov ? " nesterov" : "") + " wd=" + weightDecay + " " + schedule
                + (schedule == Schedule.STEP ? " milestones=" + Arrays.toString(milestones) + " gamma=" + gamma : "")
                + " warmup=" + warmupEpochs + " epochs=" + epochs + " batch=" + batchSize
                + (optimizer == Optimizer.LARS ? " trust=" + larsTrust : "") + " source=" + source + "]";
    }

    private static String quoted(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}

package dev.lottery.backbone;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * torchvision's ResNet initialisation, reproducible from a seed: conv weights
 * kaiming_normal_(mode='fan_out', nonlinearity='relu') = N(0, sqrt(2 / (out*kh*kw))); BatchNorm
 * weight 1, bias 0, running mean 0, running var 1; fc (when asked for) as nn.Linear's default,
 * U(-1/sqrt(in), 1/sqrt(in)) for weight and bias.
 *
 * <p>One {@link Random} stream (its Gaussian algorithm is fixed by the JDK spec) is consumed in
 * the fixed key order of {@link ResNetSpec#expectedWeights}, so the same seed gives the same
 * weights on every JVM.
 */
public final class HeInit {

    /** Changes whenever the same seed would give different weights (part of cache keys). */
    public static final String VERSION = "torchvision-kaiming-normal-fan-out/1";

    private HeInit() {}

    public static Map<String, WeightTensor> resnet(ResNetSpec spec, long seed) {
        return resnet(spec, seed, 0);
    }

    /** As {@link #resnet(ResNetSpec, long)}, plus an fc layer when {@code numClasses > 0}. */
    public static Map<String, WeightTensor> resnet(ResNetSpec spec, long seed, int numClasses) {
        Random random = new Random(seed);
        Map<String, WeightTensor> out = new LinkedHashMap<>();
        for (WeightSpec w : spec.expectedWeights(numClasses > 0, numClasses)) {
            long[] shape = w.shape();
            float[] values = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b))];
            String key = w.key();
            if (shape.length == 4) {
                double std = Math.sqrt(2.0 / (shape[0] * shape[2] * shape[3]));
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (random.nextGaussian() * std);
                }
            } else if (key.startsWith("fc.")) {
                double bound = 1.0 / Math.sqrt(spec.featureDim());
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
                }
            } else if (key.endsWith(".weight") || key.endsWith(".running_var")) {
                Arrays.fill(values, 1f);
            } // BN bias and running_mean stay 0
            out.put(key, new WeightTensor(shape, values));
        }
        return out;
    }
}

package dev.lottery.analysis;

import dev.lottery.score.Correctness;
import org.apache.commons.math3.special.Beta;

/**
 * The exact McNemar test of two heads scored on the same images: only the discordant images count,
 * {@code firstOnly} (the first right, the second wrong) and {@code secondOnly}; under "equally
 * accurate" each discordant image goes either way with probability 1/2, so
 * {@code p = min(1, 2 P(X <= min(b, c)))} with X ~ Binomial(b + c, 1/2), two-sided.
 * No discordant image gives p = 1.
 */
public record McNemar(long firstOnly, long secondOnly, double p) {

    public static McNemar exact(long firstOnly, long secondOnly) {
        if (firstOnly < 0 || secondOnly < 0) {
            throw new IllegalArgumentException("expected discordant counts >= 0, found " + firstOnly + " and " + secondOnly);
        }
        long n = firstOnly + secondOnly;
        if (n == 0) {
            return new McNemar(0, 0, 1.0);
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many discordant images for one test: " + n);
        }
        long k = Math.min(firstOnly, secondOnly);
        // P(X <= k) = I_{1/2}(n - k, k + 1), the regularized beta taken directly: BinomialDistribution's
        // cumulativeProbability is 1 - I(...), which rounds a tail below 1e-16 to 0
        double tail = Beta.regularizedBeta(0.5, n - k, k + 1);
        return new McNemar(firstOnly, secondOnly, Math.min(1.0, 2 * tail));
    }

    /** The test of two heads' outcomes on the same images (bit by bit). */
    public static McNemar of(Correctness first, Correctness second) {
        if (first.images() != second.images()) {
            throw new IllegalArgumentException("a paired test needs the same images; found " + first.images() + " and "
                    + second.images());
        }
        long[] a = first.view();
        long[] b = second.view();
        long firstOnly = 0;
        long secondOnly = 0;
        for (int k = 0; k < a.length; k++) {
            firstOnly += Long.bitCount(a[k] & ~b[k]);
            secondOnly += Long.bitCount(b[k] & ~a[k]);
        }
        return exact(firstOnly, secondOnly);
    }
}

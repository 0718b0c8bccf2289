package dev.lottery.analysis;

import dev.lottery.score.Correctness;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The paired bootstrap over images and seeds. A resample draws the variant's n scored images with
 * replacement (one draw shared by every framework: that is the pairing) and, for each framework, its
 * seeds with replacement (each framework's heads are its own draws; the same seed draw serves every
 * variant, since one head scores them all). A framework's resampled accuracy is the mean over its
 * drawn seeds of the weighted share of correct images.
 *
 * <p>Cost: the image weights are summed per head as bit planes (weight bit p of every image packed
 * like the outcomes), so one head's weighted count is a few passes of {@code bitCount} over n/64
 * words; no object per image. Streams are seeded by name ({@code String.hashCode}, fixed by the
 * language), so a variant's image draws do not depend on which frameworks are in the run.
 */
final class PairedBootstrap {

    private PairedBootstrap() {}

    /** {@code [resample][draw]}: which of the framework's {@code seeds} each draw takes. */
    static int[][] seedDraws(String framework, int seeds, SignificanceSettings s) {
        SplittableRandom rnd = stream("seeds:" + framework, s);
        int[][] out = new int[s.resamples()][seeds];
        for (int b = 0; b < out.length; b++) {
            for (int j = 0; j < seeds; j++) {
                out[b][j] = seeds == 1 ? 0 : rnd.nextInt(seeds);
            }
        }
        return out;
    }

    /**
     * The resampled accuracies (percent), {@code [framework][resample]}, of frameworks scored on the
     * same {@code images} of {@code variant}; {@code draws.get(f)} from {@link #seedDraws}.
     */
    static double[][] accuracies(String variant, int images, List<List<Correctness>> heads, List<int[][]> draws,
            SignificanceSettings s) {
        int frameworks = heads.size();
        double[][] out = new double[frameworks][s.resamples()];
        if (images == 0) {
            throw new IllegalArgumentException(variant + ": no scored image to resample");
        }
        SplittableRandom rnd = imageStream(variant, s);
        int words = (images + 63) >>> 6;
        int[] weight = new int[images];
        long[][] planes = new long[32][];
        long[][] counts = new long[frameworks][];
        for (int f = 0; f < frameworks; f++) {
            counts[f] = new long[heads.get(f).size()];
        }
        for (int b = 0; b < s.resamples(); b++) {
            int max = drawWeights(rnd, weight);
            int depth = 32 - Integer.numberOfLeadingZeros(max);
            for (int p = 0; p < depth; p++) {
                long[] plane = planes[p] == null ? (planes[p] = new long[words]) : planes[p];
                java.util.Arrays.fill(plane, 0);
                for (int i = 0; i < images; i++) {
                    if (((weight[i] >>> p) & 1) != 0) {
                        plane[i >>> 6] |= 1L << i;
                    }
                }
            }
            for (int f = 0; f < frameworks; f++) {
                List<Correctness> seeds = heads.get(f);
                for (int j = 0; j < seeds.size(); j++) {
                    long[] bits = seeds.get(j).view();
                    long sum = 0;
                    for (int p = 0; p < depth; p++) {
                        long[] plane = planes[p];
                        long c = 0;
                        for (int k = 0; k < words; k++) {
                            c += Long.bitCount(plane[k] & bits[k]);
                        }
                        sum += c << p;
                    }
                    counts[f][j] = sum;
                }
                int[] pick = draws.get(f)[b];
                double acc = 0;
                for (int j : pick) {
                    acc += counts[f][j];
                }
                out[f][b] = 100.0 * acc / ((double) images * pick.length);
            }
        }
        return out;
    }

    /**
     * The two-sided bootstrap p-value of "{@code leader} is not better than {@code trailer}", where the
     * observed margin favours the leader: {@code min(1, 2 (1 + #{d* <= 0}) / (B + 1))}, d* the resampled
     * margins (the +1 counts the observed sample, so p is never 0). An observed margin of 0 gives 1.
     */
    static double p(double margin, double[] leader, double[] trailer) {
        if (!(margin > 0)) {
            return 1.0;
        }
        int notAhead = 0;
        for (int b = 0; b < leader.length; b++) {
            if (leader[b] - trailer[b] <= 0) {
                notAhead++;
            }
        }
        return Math.min(1.0, 2.0 * (1 + notAhead) / (leader.length + 1));
    }

    /** The stream a variant's image draws come from. */
    static SplittableRandom imageStream(String variant, SignificanceSettings s) {
        return stream("images:" + variant, s);
    }

    /** One resample of n images: {@code weight[i]} = how often image i is drawn (n draws in all); returns the largest. */
    static int drawWeights(SplittableRandom rnd, int[] weight) {
        java.util.Arrays.fill(weight, 0);
        int n = weight.length;
        int max = 0;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, ++weight[rnd.nextInt(n)]);
        }
        return max;
    }

    private static SplittableRandom stream(String name, SignificanceSettings s) {
        return new SplittableRandom(s.seed() * 0x9E3779B97F4A7C15L + name.hashCode());
    }
}

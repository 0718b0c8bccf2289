package dev.lottery.analysis;

/** Kendall's rank correlation between two score lists. */
public final class KendallTau {

    private KendallTau() {
    }

    /**
     * Kendall's tau-b (ties corrected, as {@code scipy.stats.kendalltau} by default):
     * (C - D) / sqrt((P - Tx) (P - Ty)) over the P pairs of usable positions, where Tx and Ty count
     * pairs tied in x and in y. Positions where either value is {@code NaN} are dropped. {@code NaN}
     * when fewer than two positions remain or when all of x or all of y are tied.
     */
    public static double tauB(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("expected two lists of the same length, found " + x.length + " and " + y.length);
        }
        long concordant = 0;
        long discordant = 0;
        long tiedX = 0;
        long tiedY = 0;
        long pairs = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
                continue;
            }
            for (int j = i + 1; j < x.length; j++) {
                if (Double.isNaN(x[j]) || Double.isNaN(y[j])) {
                    continue;
                }
                pairs++;
                int sx = sign(x[i], x[j]);
                int sy = sign(y[i], y[j]);
                if (sx == 0) {
                    tiedX++;
                }
                if (sy == 0) {
                    tiedY++;
                }
                if (sx != 0 && sy != 0) {
                    if (sx == sy) {
                        concordant++;
                    } else {
                        discordant++;
                    }
                }
            }
        }
        double denominator = Math.sqrt((double) (pairs - tiedX) * (pairs - tiedY));
        if (pairs == 0 || denominator == 0) {
            return Double.NaN;
        }
        return (concordant - discordant) / denominator;
    }

    private static int sign(double a, double b) {
        return a < b ? -1 : a > b ? 1 : 0;
    }
}

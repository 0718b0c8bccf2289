package dev.lottery.analysis;

/**
 * Ordinary least-squares line {@code y = intercept + slope * x} through the points whose x and y
 * are both present: the "effective robustness" line of a val-vs-variant scatter (Taori et al.
 * 2020 fit it on logit-scaled axes; this suite fits in percent, as its reports plot).
 *
 * @param n  how many points entered the fit
 * @param r2 coefficient of determination; NaN when all y are equal
 */
public record LinearFit(double slope, double intercept, int n, double r2) {

    /** The fit, or {@code null} when fewer than two points are present or all x are equal. */
    public static LinearFit of(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("expected as many y as x values, found " + y.length + " and " + x.length);
        }
        int n = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                n++;
                sx += x[i];
                sy += y[i];
            }
        }
        if (n < 2) {
            return null;
        }
        double mx = sx / n;
        double my = sy / n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                sxx += (x[i] - mx) * (x[i] - mx);
                sxy += (x[i] - mx) * (y[i] - my);
                syy += (y[i] - my) * (y[i] - my);
            }
        }
        if (sxx == 0) {
            return null;
        }
        double slope = sxy / sxx;
        double r2 = syy == 0 ? Double.NaN : (sxy * sxy) / (sxx * syy);
        return new LinearFit(slope, my - slope * mx, n, r2);
    }

    public double at(double x) {
        return intercept + slope * x;
    }
}

package dev.lottery.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fixture's measured noise over numeric environments and seeds (a one-way random-effects
 * analysis of variance, environments as groups):
 * <ul>
 *   <li>{@code sdSeed}: the pooled within-environment sd of one seed's score, with
 *       {@code seedDf} = sum of (n_e - 1) degrees of freedom;</li>
 *   <li>{@code sdNumeric}: the between-environment sd of the true mean, sqrt(max(0, (MSB - MSW) / n0)),
 *       n0 = (N - sum n_e^2 / N) / (E - 1): what an environment shifts the many-seed mean by, beyond what its
 *       seeds explain. An environment that only reshuffles the last bits acts like new seeds and adds 0.</li>
 * </ul>
 *
 * @param perEnvironment each environment's mean, sd and count
 * @param mean           the grand mean over all runs
 * @param mean           the mean over the suite's own runs (the {@code outside} group left out)
 * @param count          N, the suite's own runs (the {@code outside} group left out)
 * @param betweenExcess  (MSB - MSW) / n0, unclipped: negative when the environments agree better than their seeds
 *                       predict (pooling it over fixtures is unbiased where clipping each one is not)
 */
public record Calibration(Map<String, Group> perEnvironment, double mean, int count, double sdSeed, int seedDf,
        double sdNumeric, double betweenExcess) {

    /** One environment's runs of the fixture. */
    public record Group(int n, double mean, double sd) {}

    /** The calibration of per-seed scores grouped by environment (insertion order kept). */
    public static Calibration of(Map<String, double[]> byEnvironment) {
        return of(byEnvironment, null);
    }

    /**
     * As {@link #of(Map)}, with one group ({@code outside}, may be null) that counts in the between-
     * environment spread but not in the seed spread: an independent reference implementation's
     * per-seed scores, whose own seed spread is not this suite's.
     */
    public static Calibration of(Map<String, double[]> byEnvironment, String outside) {
        Map<String, Group> groups = new LinkedHashMap<>();
        double total = 0;
        int count = 0;
        double ownTotal = 0;
        int own = 0;
        double within = 0;
        int df = 0;
        for (Map.Entry<String, double[]> e : byEnvironment.entrySet()) {
            double[] v = e.getValue();
            if (v.length == 0) {
                continue;
            }
            double mean = 0;
            for (double x : v) {
                mean += x;
            }
            mean /= v.length;
            double ss = 0;
            for (double x : v) {
                ss += (x - mean) * (x - mean);
            }
            groups.put(e.getKey(), new Group(v.length, mean, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0));
            if (!e.getKey().equals(outside)) {
                within += ss;
                df += v.length - 1;
                ownTotal += mean * v.length;
                own += v.length;
            }
            total += mean * v.length;
            count += v.length;
        }
        if (own == 0) {
            throw new IllegalArgumentException("expected at least one score of the suite's own to calibrate, found none");
        }
        double grand = total / count;
        double msw = df > 0 ? within / df : 0;
        double sdNumeric = 0;
        double excess = 0;
        int e = groups.size();
        if (e > 1) {
            double between = 0;
            double squares = 0;
            for (Group g : groups.values()) {
                between += g.n() * (g.mean() - grand) * (g.mean() - grand);
                squares += (double) g.n() * g.n();
            }
            double msb = between / (e - 1);
            double n0 = (count - squares / count) / (e - 1);
            excess = (msb - msw) / n0;
            sdNumeric = Math.sqrt(Math.max(0, excess));
        }
        return new Calibration(java.util.Collections.unmodifiableMap(groups), ownTotal / own, own, Math.sqrt(msw), df,
                sdNumeric, excess);
    }

    /** The largest minus the smallest environment mean. */
    public double environmentRange() {
        List<Double> means = perEnvironment.values().stream().map(Group::mean).toList();
        return means.stream().mapToDouble(Double::doubleValue).max().orElse(0)
                - means.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }
}

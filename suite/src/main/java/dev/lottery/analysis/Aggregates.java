package dev.lottery.analysis;

import java.util.List;

/** Computes declared aggregates per framework. */
public final class Aggregates {

    private Aggregates() {
    }

    /**
     * One value per framework (in {@link ScoreTable#frameworks()} order), in the unit the
     * definition declares (fractions or percents). {@code NaN} when any of the definition's
     * variants is missing for that framework. A zero score makes the geometric mean exactly 0
     * (the limit of the product; no logarithm of zero is taken). A variant the table lacks is an
     * error.
     */
    public static double[] compute(ScoreTable table, AggregateDefinition definition) {
        List<String> variants = definition.variants();
        double[][] columns = new double[variants.size()][];
        for (int k = 0; k < variants.size(); k++) {
            if (!table.variants().contains(variants.get(k))) {
                throw new IllegalArgumentException("aggregate '" + definition.name() + "' needs variant '" + variants.get(k)
                        + "' but the table has only " + table.variants());
            }
            columns[k] = table.column(variants.get(k));
        }
        double unit = definition.asFraction() ? 0.01 : 1.0;
        double[] out = new double[table.frameworks().size()];
        for (int f = 0; f < out.length; f++) {
            double[] values = new double[variants.size()];
            boolean missing = false;
            for (int k = 0; k < values.length; k++) {
                values[k] = columns[k][f] * unit;
                missing |= Double.isNaN(values[k]);
            }
            out[f] = missing ? Double.NaN : combine(definition, values);
        }
        return out;
    }

    /** One framework's aggregate of its per-variant values (in the definition's order and unit). */
    static double combine(AggregateDefinition d, double[] values) {
        switch (d.kind()) {
            case MEAN: {
                double sum = 0;
                for (double v : values) {
                    sum += v;
                }
                return sum / values.length;
            }
            case WEIGHTED_MEAN: {
                double sum = 0;
                double weights = 0;
                for (int k = 0; k < values.length; k++) {
                    double w = d.weights().get(d.variants().get(k));
                    sum += w * values[k];
                    weights += w;
                }
                return sum / weights;
            }
            case GEOMETRIC_MEAN: {
                double logs = 0;
                for (double v : values) {
                    if (v == 0) {
                        return 0;
                    }
                    logs += Math.log(v);
                }
                return Math.exp(logs / values.length);
            }
            default:
                throw new IllegalStateException("unhandled aggregate kind " + d.kind());
        }
    }
}

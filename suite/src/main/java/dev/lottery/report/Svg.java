package dev.lottery.report;

import java.util.Locale;

/** Small helpers for writing SVG and HTML by hand: escaping, numbers, linear scales, nice ticks. */
final class Svg {

    static final String PASS = "#1a7f37";
    static final String FAIL = "#cf222e";
    static final String RECORDED = "#6e7781";
    private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

    private Svg() {}

    static String esc(Object text) {
        String s = String.valueOf(text);
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A coordinate with one decimal: enough for the screen, short in the file. */
    static String c(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    /** Maps [d0, d1] onto [r0, r1]. */
    record Scale(double d0, double d1, double r0, double r1) {
        double at(double v) {
            return d1 == d0 ? (r0 + r1) / 2 : r0 + (v - d0) / (d1 - d0) * (r1 - r0);
        }
    }

    /** Rounded bounds around [lo, hi] with a little padding, never outside [0, 100]. */
    static double[] niceRange(double lo, double hi) {
        if (!(hi > lo)) {
            lo -= 1;
            hi += 1;
        }
        double pad = (hi - lo) * 0.08;
        double step = tickStep(hi - lo + 2 * pad);
        double a = Math.max(0, Math.floor((lo - pad) / step) * step);
        double b = Math.min(100, Math.ceil((hi + pad) / step) * step);
        return new double[] {a, b <= a ? a + step : b};
    }

    /** A 1-2-5 step giving about five ticks over {@code span}. */
    static double tickStep(double span) {
        double raw = span / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
    }

    static String tickLabel(double v, double step) {
        int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}

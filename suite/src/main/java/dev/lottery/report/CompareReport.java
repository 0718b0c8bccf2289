package dev.lottery.report;

import dev.lottery.io.Ordered;
import dev.lottery.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link Comparison}: console text, {@code compare.md} and {@code compare.json}. */
public final class CompareReport {

    public static final String COMPARE_MD = "compare.md";
    public static final String COMPARE_JSON = "compare.json";
    public static final String COMPARE_HTML = "compare.html";

    private CompareReport() {}

    /** Writes {@code compare.md} and {@code compare.json} into {@code dir} (atomically, each). */
    public static void write(Comparison c, Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve(COMPARE_MD), markdown(c));
        AtomicFiles.writeString(dir.resolve(COMPARE_JSON), json(c));
        AtomicFiles.writeString(dir.resolve(COMPARE_HTML), html(c));
    }

    /**
     * {@code compare.html}: self-contained like {@code report.html}. The drift chart has one row per
     * fixture: the change (dot), the combined 95% interval around it (bar), ± the tolerance (grey
     * band around zero); red = drift.
     */
    public static String html(Comparison c) {
        StringBuilder h = new StringBuilder(16 * 1024);
        htmlHead(h, c);
        driftChart(h, c);
        driftTable(h, c);
        h.append("<h2>Environment differences</h2>\n<ul id=\"environment-differences\">");
        if (c.environmentDifferences().isEmpty()) {
            h.append("<li>None in the compared keys.</li>");
        }
        c.environmentDifferences().forEach(e -> h.append("<li><code>").append(Svg.esc(e)).append("</code></li>"));
        h.append("</ul>\n</body></html>\n");
        return h.toString();
    }

    /** The document head (inline CSS only, as the Content-Security-Policy allows), the title and the verdict. */
    private static void htmlHead(StringBuilder h, Comparison c) {
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .append("<title>lottery compare: ").append(Svg.esc(c.currentRunId())).append("</title><style>")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;color:#1f2328}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:left;overflow-wrap:anywhere}")
                .append("th{background:#f6f8fa}td.num{text-align:right}.drift{color:#cf222e;font-weight:600}.ok{color:#1a7f37}")
                .append("</style></head><body>\n<h1>lottery compare: ").append(Svg.esc(c.currentRunId()))
                .append(" against ").append(Svg.esc(c.baselineRunId())).append("</h1>\n<p id=\"verdict\" class=\"")
                .append(c.driftCount() == 0 ? "ok\">No drift." : "drift\">DRIFT in " + c.driftCount() + " fixture(s).")
                .append("</p>\n");
    }

    // the drift chart's layout, px: fixture labels, the plot, one row per fixture, the space above the rows
    private static final int DRIFT_LEFT = 220;
    private static final int DRIFT_WIDTH = 560;
    private static final int DRIFT_ROW = 24;
    private static final int DRIFT_TOP = 20;

    /** The SVG: a zero line, ticks at -max, 0 and +max, then one row per fixture. */
    private static void driftChart(StringBuilder h, Comparison c) {
        double span = driftSpan(c);
        int plotRight = DRIFT_LEFT + DRIFT_WIDTH;
        int height = DRIFT_TOP + DRIFT_ROW * c.fixtures().size() + 30;
        Svg.Scale sx = new Svg.Scale(-span, span, DRIFT_LEFT, plotRight);
        h.append(String.format(Locale.ROOT, "<svg id=\"drift-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\"><title>Score change per fixture (pp)</title>%n",
                plotRight + 20, height, plotRight + 20, height));
        h.append(String.format(Locale.ROOT, "<line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke=\"#8c959f\"/>%n",
                Svg.c(sx.at(0)), DRIFT_TOP - 6, Svg.c(sx.at(0)), height - 24));
        for (double t : new double[] {-span / 1.1, 0, span / 1.1}) {
            h.append(String.format(Locale.ROOT, "<text x=\"%s\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
                    + "fill=\"#57606a\">%+.2f pp</text>%n", Svg.c(sx.at(t)), height - 8, t));
        }
        for (int i = 0; i < c.fixtures().size(); i++) {
            driftRow(h, c.fixtures().get(i), sx, span, DRIFT_TOP + DRIFT_ROW * i + DRIFT_ROW / 2.0);
        }
        h.append("</svg>\n");
    }

    /** Half the chart's x range, pp: the widest change with its interval, or tolerance (at least 0.5), plus 10%. */
    private static double driftSpan(Comparison c) {
        double span = 0.5;
        for (FixtureDrift d : c.fixtures()) {
            if (!Double.isNaN(d.change())) {
                span = Math.max(span, Math.max(Math.abs(d.change()) + nanToZero(d.combinedError()), d.tolerance()));
            }
        }
        return span * 1.1;
    }

    /** One fixture at height {@code y}: label, tolerance band, and the change with its interval (clipped to the span). */
    private static void driftRow(StringBuilder h, FixtureDrift d, Svg.Scale sx, double span, double y) {
        String color = d.drifted() ? Svg.FAIL : Svg.PASS;
        h.append(String.format(Locale.ROOT, "<g class=\"drift-row %s\" data-fixture=\"%s/%s\"><text x=\"4\" y=\"%s\">"
                + "%s/%s</text>", d.drifted() ? "drift" : "ok", Svg.esc(d.framework()), Svg.esc(d.variant()),
                Svg.c(y + 4), Svg.esc(d.framework()), Svg.esc(d.variant())));
        h.append(String.format(Locale.ROOT, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"14\" fill=\"#d0d7de\" "
                + "opacity=\"0.7\"/>", Svg.c(sx.at(-d.tolerance())), Svg.c(y - 7),
                Svg.c(sx.at(d.tolerance()) - sx.at(-d.tolerance()))));
        if (Double.isNaN(d.change())) {
            h.append(String.format(Locale.ROOT, "<text x=\"%s\" y=\"%s\" fill=\"%s\">%s</text>", Svg.c(sx.at(0) + 6),
                    Svg.c(y + 4), color, d.verdict()));
        } else {
            h.append(String.format(Locale.ROOT, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" "
                    + "stroke-width=\"2\"/><circle cx=\"%s\" cy=\"%s\" r=\"5\" fill=\"%s\"/>",
                    Svg.c(sx.at(Math.max(-span, d.change() - nanToZero(d.combinedError())))), Svg.c(y),
                    Svg.c(sx.at(Math.min(span, d.change() + nanToZero(d.combinedError())))), Svg.c(y), color,
                    Svg.c(sx.at(d.change())), Svg.c(y), color));
        }
        h.append("</g>\n");
    }

    /** The chart's legend and the same numbers as a table, with what could explain each change. */
    private static void driftTable(StringBuilder h, Comparison c) {
        h.append("<p>Dot = change (current − baseline); bar = combined 95% interval; grey band = ± tolerance; "
                + "<span class=\"drift\">red</span> = drift.</p>\n<table id=\"drift-table\"><tr><th>fixture</th>"
                + "<th>baseline</th><th>current</th><th>change (pp)</th><th>interval ± (pp)</th><th>tolerance (pp)</th>"
                + "<th>verdict</th><th>could explain it</th></tr>\n");
        for (FixtureDrift d : c.fixtures()) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s/%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
                    + "<td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%.2f (%s)</td>"
                    + "<td class=\"%s\">%s</td><td>%s</td></tr>%n", Svg.esc(d.framework()), Svg.esc(d.variant()),
                    num(d.baseline()), num(d.current()), signed(d.change()), MarkdownReport.num(d.combinedError(), 2),
                    d.tolerance(), Svg.esc(d.toleranceSource()), d.drifted() ? "drift" : "ok", d.verdict(),
                    Svg.esc(String.join("; ", d.explanations()))));
        }
        h.append("</table>\n");
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    public static String console(Comparison c) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%nCompare %s (current) with %s (baseline)%n", c.currentRunId(),
                c.baselineRunId()));
        s.append(String.format(Locale.ROOT, "%-34s %9s %9s %8s %8s %7s  %s%n", "fixture", "baseline", "current", "change",
                "±interv", "tol", "verdict"));
        for (FixtureDrift d : c.fixtures()) {
            s.append(String.format(Locale.ROOT, "%-34s %9s %9s %8s %8s %7.2f  %s%s%n", d.framework() + "/" + d.variant(),
                    num(d.baseline()), num(d.current()), signed(d.change()), MarkdownReport.num(d.combinedError(), 2),
                    d.tolerance(), d.verdict(), d.beyondInterval() && !d.beyondTolerance() ? " (beyond interval)" : ""));
            if (d.drifted()) {
                d.explanations().forEach(e -> s.append("      could explain it: ").append(e).append('\n'));
            }
        }
        if (!c.environmentDifferences().isEmpty()) {
            s.append("Environment differences:\n");
            c.environmentDifferences().forEach(e -> s.append("  ").append(e).append('\n'));
        }
        s.append(c.driftCount() == 0 ? "No drift.\n"
                : String.format(Locale.ROOT, "DRIFT in %d fixture(s).%n", c.driftCount()));
        return s.toString();
    }

    public static String markdown(Comparison c) {
        StringBuilder md = new StringBuilder();
        md.append("# lottery compare: ").append(c.currentRunId()).append(" against ").append(c.baselineRunId()).append("\n\n");
        md.append("Current: `").append(c.currentDir()).append("`; baseline: `").append(c.baselineDir()).append("`.\n\n");
        md.append(c.driftCount() == 0 ? "**No drift.**" : "**DRIFT in " + c.driftCount() + " fixture(s).**")
                .append(" A fixture drifts when |change| exceeds its tolerance, or when the baseline has it and the "
                        + "current run does not. The interval column is the half-width √(e₁² + e₂²) of the two runs' "
                        + "95% intervals, for judging whether a change is larger than test-set noise.\n\n");
        md.append("| fixture | baseline | current | change (pp) | interval ± (pp) | beyond interval | tolerance (pp) "
                + "| beyond tolerance | verdict | could explain it |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (FixtureDrift d : c.fixtures()) {
            md.append(String.format(Locale.ROOT, "| %s/%s | %s | %s | %s | %s | %s | %.2f (%s) | %s | **%s** | %s |%n",
                    d.framework(), d.variant(), num(d.baseline()), num(d.current()), signed(d.change()),
                    MarkdownReport.num(d.combinedError(), 2), d.beyondInterval() ? "yes" : "no", d.tolerance(),
                    d.toleranceSource(), d.beyondTolerance() ? "yes" : "no", d.verdict(),
                    d.explanations().isEmpty() ? "–" : String.join("; ", d.explanations()).replace("|", "\\|")));
        }
        md.append("\n## Environment differences\n\n");
        if (c.environmentDifferences().isEmpty()) {
            md.append("None in the compared keys.\n");
        } else {
            c.environmentDifferences().forEach(e -> md.append("- ").append(e.replace("|", "\\|")).append('\n'));
        }
        return md.toString();
    }

    public static String json(Comparison c) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("current", Ordered.map("runId", c.currentRunId(), "dir", c.currentDir()));
        o.put("baseline", Ordered.map("runId", c.baselineRunId(), "dir", c.baselineDir()));
        o.put("drift", c.driftCount() > 0);
        o.put("driftCount", c.driftCount());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FixtureDrift d : c.fixtures()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("framework", d.framework());
            m.put("variant", d.variant());
            m.put("baseline", d.baseline());
            m.put("current", d.current());
            m.put("change", Double.isNaN(d.change()) ? null : d.change());
            m.put("combinedError", Double.isNaN(d.combinedError()) ? null : d.combinedError());
            m.put("beyondInterval", d.beyondInterval());
            m.put("tolerance", d.tolerance());
            m.put("toleranceSource", d.toleranceSource());
            m.put("beyondTolerance", d.beyondTolerance());
            m.put("verdict", d.verdict());
            m.put("explanations", d.explanations());
            rows.add(m);
        }
        o.put("fixtures", rows);
        o.put("environmentDifferences", c.environmentDifferences());
        return ResultsJson.json(o);
    }

    private static String num(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String signed(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.2f", v);
    }
}

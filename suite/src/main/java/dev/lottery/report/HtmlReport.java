package dev.lottery.report;

import dev.lottery.data.BadSample;
import static dev.lottery.report.Svg.c;
import static dev.lottery.report.Svg.esc;

import dev.lottery.analysis.AggregateResult;
import dev.lottery.analysis.AnalysisResult;
import dev.lottery.analysis.GatePolicy;
import dev.lottery.analysis.SuiteCheck;
import dev.lottery.analysis.LinearFit;
import dev.lottery.analysis.LotteryPair;
import dev.lottery.analysis.ScoreTable;
import dev.lottery.analysis.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no scripts, no links to
 * anything outside the file) with the accuracy matrix (intervals, expectation bands, status),
 * a reference-vs-variant scatter per variant with its least-squares line (the "effective
 * robustness" picture), a rank bump chart, the aggregates with their definitions, the lottery
 * list, the expectation table and the environment.
 */
public final class HtmlReport {

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1180px;color:#1f2328;padding:0 16px}
            h1{font-size:22px}h2{font-size:17px;margin-top:32px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
            table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
            .pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}.recorded{color:#6e7781}
            .summary span{margin-right:14px}.charts{display:flex;flex-wrap:wrap;gap:12px}
            figure{margin:0}figcaption{font-size:12px;color:#57606a;max-width:360px}svg text{font-family:inherit}
            code,pre{font-family:ui-monospace,monospace;font-size:12px}pre{background:#f6f8fa;padding:8px;overflow:auto}
            """;

    private HtmlReport() {}

    public static String render(RunResult run) {
        AnalysisResult a = run.analysis();
        StringBuilder h = new StringBuilder(64 * 1024);
        header(h, run);
        accuracy(h, run);
        scatters(h, run);
        bump(h, a);
        aggregates(h, a);
        lottery(h, a);
        significance(h, a);
        expectations(h, run);
        stageTimes(h, run);
        badSamples(h, run);
        notes(h, run);
        environment(h, run.environment());
        h.append("</body></html>\n");
        return h.toString();
    }

    /** The document head (inline CSS only, no scripts), the title, the description and the pass/fail counts. */
    private static void header(StringBuilder h, RunResult run) {
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
                .append("<title>lottery report: ").append(esc(run.suite())).append(" (").append(esc(run.runId()))
                .append(")</title><style>").append(CSS).append("</style></head><body>\n");
        h.append("<h1>lottery report: ").append(esc(run.suite())).append(" <small>(").append(esc(run.runId()))
                .append(")</small></h1>\n");
        if (!run.description().isEmpty()) {
            h.append("<p>").append(esc(run.description())).append("</p>\n");
        }
        h.append(String.format(Locale.ROOT, "<p class=\"summary\" id=\"summary\"><span>%d fixtures</span>"
                        + "<span class=\"pass\">%d pass</span><span class=\"fail\">%d fail</span>"
                        + "<span class=\"recorded\">%d recorded</span><span>wall time %.1f s</span></p>%n",
                run.fixtures().size(), run.count(Status.PASS), run.count(Status.FAIL), run.count(Status.RECORDED),
                run.wallSeconds()));
        h.append("<p class=\"recorded\">recorded = no expectation declared: reported, never counted as a pass.</p>\n");
        for (String p : MarkdownReport.partialDatasets(run)) {
            h.append("<p class=\"partial\"><strong>Partial data</strong> (run with --allow-partial): ").append(esc(p))
                    .append(".</p>\n");
        }
    }

    private static void badSamples(StringBuilder h, RunResult run) {
        if (run.badSamples().isEmpty()) {
            return;
        }
        h.append("<h2 id=\"bad-samples\">Bad samples (skipped, counted)</h2>\n<table><tr><th>split</th><th>shard</th>"
                + "<th>key</th><th>reason</th></tr>\n");
        for (BadSample b : run.badSamples()) {
            h.append("<tr>");
            for (String cell : b.fields()) {
                h.append("<td>").append(esc(cell)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void notes(StringBuilder h, RunResult run) {
        if (run.notes().isEmpty()) {
            return;
        }
        h.append("<h2 id=\"notes\">Notes</h2>\n<ul>");
        run.notes().forEach(n -> h.append("<li>").append(esc(n)).append("</li>"));
        h.append("</ul>\n");
    }

    private static void stageTimes(StringBuilder h, RunResult run) {
        if (run.stageTimes().isEmpty()) {
            return;
        }
        h.append("<h2 id=\"stage-times\">Stage times (wall seconds per framework)</h2>\n<table id=\"stage-times-table\">"
                + "<tr><th>framework</th><th>feature extraction</th><th>head training</th><th>scoring</th><th>total</th>"
                + "<th>feature sets from cache</th><th>heads from cache</th></tr>\n");
        for (StageTimes s : run.stageTimes()) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td class=\"num\">%.2f</td><td class=\"num\">%.2f</td>"
                    + "<td class=\"num\">%.2f</td><td class=\"num\">%.2f</td><td>%d of %d</td><td>%d of %d</td></tr>%n",
                    esc(s.framework()), s.extractionSeconds(), s.trainingSeconds(), s.scoringSeconds(), s.totalSeconds(),
                    s.featureSetsFromCache(), s.featureSets(), s.headsFromCache(), s.heads()));
        }
        h.append("</table>\n");
    }

    // ---- accuracy matrix -------------------------------------------------------------------

    // the matrix's layout, px: framework labels, one column per variant, one row per framework, the headings above
    private static final int MATRIX_LABEL = 130;
    private static final int MATRIX_COL = 200;
    private static final int MATRIX_ROW = 30;
    private static final int MATRIX_TOP = 40;

    private static void accuracy(StringBuilder h, RunResult run) {
        ScoreTable t = run.analysis().table();
        List<String> fw = t.frameworks();
        List<String> vs = t.variants();
        h.append("<h2 id=\"accuracy\">Accuracy (top-1 %, mean over seeds, 95% Clopper–Pearson interval)</h2>\n");
        accuracyMatrix(h, run, fw, vs);
        h.append("<p class=\"recorded\">Dot = mean over seeds; bar = 95% interval; grey band = expected ± tolerance; "
                + "colour: <span class=\"pass\">pass</span>, <span class=\"fail\">fail</span>, "
                + "<span class=\"recorded\">recorded</span>. Each column has its own scale.</p>\n");
        accuracyTable(h, run, fw, vs);
    }

    /** The SVG matrix: a column per variant on its own scale, a row per framework. */
    private static void accuracyMatrix(StringBuilder h, RunResult run, List<String> fw, List<String> vs) {
        int width = MATRIX_LABEL + MATRIX_COL * vs.size() + 10;
        int height = MATRIX_TOP + MATRIX_ROW * fw.size() + 34;
        h.append(String.format(Locale.ROOT, "<svg id=\"accuracy-matrix\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\"><title>Accuracy matrix: score (dot), 95%% interval "
                + "(bar), expected value ± tolerance (shaded band), colour = expectation status</title>%n",
                width, height, width, height));
        for (int j = 0; j < vs.size(); j++) {
            matrixColumn(h, run, fw, vs.get(j), MATRIX_LABEL + MATRIX_COL * j + 12);
        }
        for (int i = 0; i < fw.size(); i++) {
            h.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%s\">%s</text>%n",
                    c(MATRIX_TOP + MATRIX_ROW * i + MATRIX_ROW / 2.0 + 4), esc(fw.get(i))));
        }
        h.append("</svg>\n");
    }

    /** One variant's column starting at {@code x0}: its heading, axis and ticks, then one cell per framework. */
    private static void matrixColumn(StringBuilder h, RunResult run, List<String> fw, String v, double x0) {
        double[] extent = columnExtent(run, fw, v);
        double[] range = Svg.niceRange(extent[0], extent[1]);
        Svg.Scale sx = new Svg.Scale(range[0], range[1], x0, x0 + MATRIX_COL - 24);
        h.append(String.format(Locale.ROOT, "<text x=\"%s\" y=\"18\" text-anchor=\"middle\" font-weight=\"600\">%s</text>%n",
                c(x0 + (MATRIX_COL - 24) / 2.0), esc(v)));
        double yAxis = MATRIX_TOP + MATRIX_ROW * fw.size() + 4;
        h.append(String.format(Locale.ROOT, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#8c959f\"/>%n",
                c(x0), c(yAxis), c(x0 + MATRIX_COL - 24), c(yAxis)));
        for (double tick : new double[] {range[0], range[1]}) {
            h.append(String.format(Locale.ROOT, "<text x=\"%s\" y=\"%s\" font-size=\"11\" text-anchor=\"middle\" "
                    + "fill=\"#57606a\">%s</text>%n", c(sx.at(tick)), c(yAxis + 14),
                    Svg.tickLabel(tick, Svg.tickStep(range[1] - range[0]))));
        }
        for (int i = 0; i < fw.size(); i++) {
            FixtureResult r = find(run, fw.get(i), v);
            double y = MATRIX_TOP + MATRIX_ROW * i + MATRIX_ROW / 2.0;
            if (r == null) {
                h.append(String.format(Locale.ROOT, "<text x=\"%s\" y=\"%s\" fill=\"#8c959f\">–</text>%n",
                        c(x0 + (MATRIX_COL - 24) / 2.0), c(y + 4)));
            } else {
                matrixCell(h, r, sx, y);
            }
        }
    }

    /** [lowest, highest] a column must show: every interval and expected band, or [0, 100] when it has none. */
    private static double[] columnExtent(RunResult run, List<String> fw, String v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (String f : fw) {
            FixtureResult r = find(run, f, v);
            if (r != null) {
                lo = Math.min(lo, r.lower());
                hi = Math.max(hi, r.upper());
                if (r.expected() != null) {
                    lo = Math.min(lo, r.expected() - r.tolerance());
                    hi = Math.max(hi, r.expected() + r.tolerance());
                }
            }
        }
        return lo > hi ? new double[] {0, 100} : new double[] {lo, hi};
    }

    /** One fixture at height {@code y}: expected band, interval bar, score dot and label, in its status colour. */
    private static void matrixCell(StringBuilder h, FixtureResult r, Svg.Scale sx, double y) {
        String color = statusColor(r.status());
        h.append(String.format(Locale.ROOT, "<g class=\"fixture %s\" data-framework=\"%s\" data-variant=\"%s\" "
                + "data-score=\"%.4f\"><title>%s/%s: %.2f [%.2f, %.2f], %s%s</title>%n",
                statusName(r.status()), esc(r.framework()), esc(r.variant()), r.score(), esc(r.framework()),
                esc(r.variant()), r.score(), r.lower(), r.upper(), statusName(r.status()),
                r.expected() == null ? "" : String.format(Locale.ROOT, ", expected %.2f ± %.2f", r.expected(),
                        r.tolerance())));
        if (r.expected() != null) {
            double a = sx.at(r.expected() - r.tolerance());
            double b = sx.at(r.expected() + r.tolerance());
            h.append(String.format(Locale.ROOT, "<rect class=\"expected\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"14\" "
                    + "fill=\"#d0d7de\" opacity=\"0.8\"/>%n", c(a), c(y - 7), c(Math.max(1.5, b - a))));
        }
        h.append(String.format(Locale.ROOT, "<line class=\"interval\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" "
                + "stroke=\"%s\" stroke-width=\"2\"/>%n", c(sx.at(r.lower())), c(y), c(sx.at(r.upper())), c(y), color));
        h.append(String.format(Locale.ROOT, "<circle cx=\"%s\" cy=\"%s\" r=\"5\" fill=\"%s\"/>%n",
                c(sx.at(r.score())), c(y), color));
        h.append(String.format(Locale.ROOT, "<text x=\"%s\" y=\"%s\" font-size=\"10\" text-anchor=\"middle\" "
                + "fill=\"#1f2328\">%.2f</text></g>%n", c(sx.at(r.score())), c(y - 8), r.score()));
    }

    /** The same numbers as a table (the matrix's text for screen readers and copying). */
    private static void accuracyTable(StringBuilder h, RunResult run, List<String> fw, List<String> vs) {
        h.append("<table id=\"accuracy-table\"><tr><th>framework</th>");
        vs.forEach(v -> h.append("<th>").append(esc(v)).append("</th>"));
        h.append("</tr>\n");
        for (String f : fw) {
            h.append("<tr><td>").append(esc(f)).append("</td>");
            for (String v : vs) {
                FixtureResult r = find(run, f, v);
                if (r == null) {
                    h.append("<td>–</td>");
                } else {
                    h.append(String.format(Locale.ROOT, "<td class=\"num %s\">%.2f [%.2f, %.2f]%s</td>",
                            statusName(r.status()), r.score(), r.lower(), r.upper(), r.seeds().size() > 1
                                    ? String.format(Locale.ROOT, " ±%.2f sd", r.spread().sd()) : ""));
                }
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    // ---- reference vs variant scatter ------------------------------------------------------

    private static void scatters(StringBuilder h, RunResult run) {
        AnalysisResult a = run.analysis();
        ScoreTable t = a.table();
        String ref = a.referenceVariant();
        double[] x = t.column(ref);
        h.append("<h2 id=\"effective-robustness\">").append(esc(ref))
                .append(" vs each variant (effective robustness)</h2>\n<p>One point per framework; solid line = "
                        + "least-squares fit over the frameworks, dashed = y = x. A point above the fitted line is more "
                        + "robust than its ").append(esc(ref)).append(" score predicts.</p>\n<div class=\"charts\">\n");
        for (String v : t.variants()) {
            if (!v.equals(ref)) {
                scatter(h, t.frameworks(), ref, v, x, t.column(v));
            }
        }
        h.append("</div>\n");
    }

    static final double SCATTER_FONT = 11;

    // one scatter's size and margins, px: the axis labels go left of and below the plot
    private static final int SCATTER_W = 360;
    private static final int SCATTER_H = 300;
    private static final int SCATTER_LEFT = 48;
    private static final int SCATTER_BOTTOM = 40;
    private static final int SCATTER_RIGHT = 16;
    private static final int SCATTER_TOP = 16;

    /** One scatter's data ranges (nice-rounded) and the scales that map them into the plot area. */
    private record Plot(double[] xr, double[] yr, Svg.Scale sx, Svg.Scale sy) {
        static Plot of(double[] x, double[] y) {
            double[] xr = Svg.niceRange(min(x), max(x));
            double[] yr = Svg.niceRange(min(y), max(y));
            return new Plot(xr, yr, new Svg.Scale(xr[0], xr[1], SCATTER_LEFT, SCATTER_W - SCATTER_RIGHT),
                    new Svg.Scale(yr[0], yr[1], SCATTER_H - SCATTER_BOTTOM, SCATTER_TOP));
        }
    }

    private static void scatter(StringBuilder h, List<String> fw, String ref, String v, double[] x, double[] y) {
        Plot plot = Plot.of(x, y);
        LinearFit fit = LinearFit.of(x, y);
        scatterFrame(h, plot, ref, v);
        scatterLines(h, plot, v, fit);
        scatterPoints(h, plot, fw, ref, v, x, y);
        h.append("</svg><figcaption>");
        fitCaption(h, ref, v, fit);
        h.append("</figcaption></figure>\n");
    }

    /** Opens the figure and its SVG: the clip path of the plot area, the axes with their ticks, the axis titles. */
    private static void scatterFrame(StringBuilder h, Plot plot, String ref, String v) {
        int w = SCATTER_W;
        int ht = SCATTER_H;
        int left = SCATTER_LEFT;
        int bottom = SCATTER_BOTTOM;
        int right = SCATTER_RIGHT;
        int topPad = SCATTER_TOP;
        h.append(String.format(Locale.ROOT, "<figure><svg id=\"scatter-%s\" class=\"scatter\" data-variant=\"%s\" "
                + "xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">"
                + "<title>%s accuracy against %s accuracy, one point per framework</title>%n",
                esc(v), esc(v), w, ht, w, ht, esc(v), esc(ref)));
        h.append(String.format(Locale.ROOT, "<defs><clipPath id=\"plot-%s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
                + "</clipPath></defs>%n", esc(v), left, topPad, w - left - right, ht - bottom - topPad));
        axes(h, plot.sx(), plot.sy(), plot.xr(), plot.yr(), left, ht - bottom, w - right, topPad);
        h.append(String.format(Locale.ROOT, "<text x=\"%s\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\">%s (%%)</text>%n",
                c((left + w - right) / 2.0), ht - 6, esc(ref)));
        h.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%s\" text-anchor=\"middle\" font-size=\"12\" "
                + "transform=\"rotate(-90 12 %s)\">%s (%%)</text>%n", c((topPad + ht - bottom) / 2.0),
                c((topPad + ht - bottom) / 2.0), esc(v)));
    }

    /** The y = x line over the range both axes share, and the fitted line, both clipped to the plot area. */
    private static void scatterLines(StringBuilder h, Plot plot, String v, LinearFit fit) {
        Svg.Scale sx = plot.sx();
        Svg.Scale sy = plot.sy();
        double lo = Math.max(plot.xr()[0], plot.yr()[0]);
        double hi = Math.min(plot.xr()[1], plot.yr()[1]);
        h.append(String.format(Locale.ROOT, "<g clip-path=\"url(#plot-%s)\">", esc(v)));
        if (hi > lo) {
            h.append(String.format(Locale.ROOT, "<line class=\"identity\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" "
                    + "stroke=\"#8c959f\" stroke-dasharray=\"4 3\"/>", c(sx.at(lo)), c(sy.at(lo)), c(sx.at(hi)), c(sy.at(hi))));
        }
        if (fit != null) {
            double[] xr = plot.xr();
            h.append(String.format(Locale.ROOT, "<line class=\"fit\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#0969da\" "
                    + "stroke-width=\"2\"/>", c(sx.at(xr[0])), c(sy.at(fit.at(xr[0]))), c(sx.at(xr[1])),
                    c(sy.at(fit.at(xr[1])))));
        }
        h.append("</g>\n");
    }

    /** One point per framework scored on both, each with its label placed clear of the others. */
    private static void scatterPoints(StringBuilder h, Plot plot, List<String> fw, String ref, String v, double[] x,
            double[] y) {
        Svg.Scale sx = plot.sx();
        Svg.Scale sy = plot.sy();
        List<Integer> shown = new ArrayList<>();
        List<LabelPlacer.Label> labels = new ArrayList<>();
        for (int i = 0; i < fw.size(); i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                shown.add(i);
                labels.add(new LabelPlacer.Label(fw.get(i), sx.at(x[i]), sy.at(y[i])));
            }
        }
        // close scores (zoo-simclr, zoo-vicreg, pixels on the pocket suite) would print on top of each other
        List<LabelPlacer.Placed> placed = LabelPlacer.place(labels, new LabelPlacer.Box(SCATTER_LEFT, 2, SCATTER_W - 2,
                SCATTER_H - SCATTER_BOTTOM), SCATTER_FONT);
        for (int k = 0; k < shown.size(); k++) {
            int i = shown.get(k);
            LabelPlacer.Placed p = placed.get(k);
            String leader = p.leader() ? String.format(Locale.ROOT, "<line class=\"leader\" x1=\"%s\" y1=\"%s\" "
                    + "x2=\"%s\" y2=\"%s\" stroke=\"#8c959f\" stroke-width=\"0.8\"/>", c(sx.at(x[i])), c(sy.at(y[i])),
                    c(p.leaderX()), c(p.leaderY())) : "";
            h.append(String.format(Locale.ROOT, "<g class=\"point\" data-framework=\"%s\"><title>%s: %s %.2f, %s %.2f</title>"
                    + "%s<circle cx=\"%s\" cy=\"%s\" r=\"5\" fill=\"%s\"/><text class=\"label\" x=\"%s\" y=\"%s\" "
                    + "text-anchor=\"%s\" font-size=\"%s\">%s</text></g>%n",
                    esc(fw.get(i)), esc(fw.get(i)), esc(ref), x[i], esc(v), y[i], leader, c(sx.at(x[i])), c(sy.at(y[i])),
                    Svg.color(i), c(p.x()), c(p.baseline()), p.anchor(), c(SCATTER_FONT), esc(fw.get(i))));
        }
    }

    /** The fitted line in words (or why there is none). */
    private static void fitCaption(StringBuilder h, String ref, String v, LinearFit fit) {
        if (fit == null) {
            h.append("No fitted line: it needs at least two frameworks with different ").append(esc(ref)).append(" scores.");
            return;
        }
        h.append(String.format(Locale.ROOT, "Fit over %d frameworks: %s = %.3f × %s %s %.2f", fit.n(), esc(v), fit.slope(),
                esc(ref), fit.intercept() < 0 ? "−" : "+", Math.abs(fit.intercept())));
        if (!Double.isNaN(fit.r2())) {
            h.append(String.format(Locale.ROOT, ", R² = %.3f", fit.r2()));
        }
        h.append('.');
    }

    private static void axes(StringBuilder h, Svg.Scale sx, Svg.Scale sy, double[] xr, double[] yr, double x0, double y0,
            double x1, double y1) {
        h.append(String.format(Locale.ROOT, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\" stroke=\"#8c959f\"/>%n",
                c(x0), c(y1), c(x1 - x0), c(y0 - y1)));
        double xs = Svg.tickStep(xr[1] - xr[0]);
        for (double t = Math.ceil(xr[0] / xs) * xs; t <= xr[1] + 1e-9; t += xs) {
            h.append(String.format(Locale.ROOT, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#eaeef2\"/>"
                    + "<text x=\"%s\" y=\"%s\" font-size=\"10\" text-anchor=\"middle\" fill=\"#57606a\">%s</text>%n",
                    c(sx.at(t)), c(y0), c(sx.at(t)), c(y1), c(sx.at(t)), c(y0 + 13), Svg.tickLabel(t, xs)));
        }
        double ys = Svg.tickStep(yr[1] - yr[0]);
        for (double t = Math.ceil(yr[0] / ys) * ys; t <= yr[1] + 1e-9; t += ys) {
            h.append(String.format(Locale.ROOT, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#eaeef2\"/>"
                    + "<text x=\"%s\" y=\"%s\" font-size=\"10\" text-anchor=\"end\" fill=\"#57606a\">%s</text>%n",
                    c(x0), c(sy.at(t)), c(x1), c(sy.at(t)), c(x0 - 4), c(sy.at(t) + 3), Svg.tickLabel(t, ys)));
        }
    }

    // ---- rank bump chart -------------------------------------------------------------------

    /** The bump chart's geometry, px: a column per variant {@code step} apart, a row per rank {@code row} apart. */
    private record BumpLayout(int left, int step, int top, int row, int width, int height, Svg.Scale sy) {
        static BumpLayout of(int frameworks, int variants) {
            int left = 130;
            int right = 130;
            int step = Math.max(110, Math.min(180, 700 / Math.max(1, variants)));
            int top = 36;
            int row = 32;
            int w = left + right + step * Math.max(1, variants - 1);
            int ht = top + row * Math.max(1, frameworks - 1) + 30;
            Svg.Scale sy = new Svg.Scale(1, Math.max(2, frameworks), top, top + row * Math.max(1, frameworks - 1));
            return new BumpLayout(left, step, top, row, w, ht, sy);
        }

        double x(int variant) {
            return left + step * variant;
        }
    }

    private static void bump(StringBuilder h, AnalysisResult a) {
        ScoreTable t = a.table();
        List<String> fw = t.frameworks();
        List<String> vs = t.variants();
        BumpLayout l = BumpLayout.of(fw.size(), vs.size());
        h.append("<h2 id=\"ranks\">Ranks across variants (1 = best; ties share the average rank)</h2>\n");
        h.append(String.format(Locale.ROOT, "<svg id=\"rank-bump\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\"><title>Rank of each framework on each variant</title>%n",
                l.width(), l.height(), l.width(), l.height()));
        for (int j = 0; j < vs.size(); j++) {
            double x = l.x(j);
            h.append(String.format(Locale.ROOT, "<line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke=\"#eaeef2\"/>"
                    + "<text x=\"%s\" y=\"18\" text-anchor=\"middle\" font-weight=\"600\">%s</text>%n",
                    c(x), l.top() - 10, c(x), l.height() - 10, c(x), esc(vs.get(j))));
        }
        for (int i = 0; i < fw.size(); i++) {
            bumpLine(h, a, i, l);
        }
        h.append("</svg>\n");
        rankTable(h, a);
        tauTable(h, a);
    }

    /** One framework's ranks as a path through its dots (variants it has no rank on are skipped). */
    private record BumpTrace(String path, List<String> dots, double firstY, double lastY) {}

    private static BumpTrace bumpTrace(AnalysisResult a, int i, BumpLayout l, String color) {
        List<String> vs = a.table().variants();
        StringBuilder path = new StringBuilder();
        List<String> dots = new ArrayList<>();
        double firstY = Double.NaN;
        double lastY = Double.NaN;
        for (int j = 0; j < vs.size(); j++) {
            double rank = a.ranks().get(vs.get(j))[i];
            if (Double.isNaN(rank)) {
                continue;
            }
            double x = l.x(j);
            double y = l.sy().at(rank);
            path.append(path.length() == 0 ? "M" : " L").append(c(x)).append(' ').append(c(y));
            dots.add(String.format(Locale.ROOT, "<circle cx=\"%s\" cy=\"%s\" r=\"9\" fill=\"%s\"/><text x=\"%s\" "
                    + "y=\"%s\" font-size=\"10\" text-anchor=\"middle\" fill=\"#fff\">%s</text>", c(x), c(y), color,
                    c(x), c(y + 3.5), rankLabel(rank)));
            firstY = Double.isNaN(firstY) ? y : firstY;
            lastY = y;
        }
        return new BumpTrace(path.toString(), dots, firstY, lastY);
    }

    /** Framework {@code i}'s line, its rank dots, and its name at both ends. */
    private static void bumpLine(StringBuilder h, AnalysisResult a, int i, BumpLayout l) {
        List<String> fw = a.table().frameworks();
        int variants = a.table().variants().size();
        String color = Svg.color(i);
        BumpTrace trace = bumpTrace(a, i, l, color);
        h.append(String.format(Locale.ROOT, "<g class=\"bump\" data-framework=\"%s\"><title>%s</title>", esc(fw.get(i)),
                esc(fw.get(i))));
        if (!trace.path().isEmpty()) {
            h.append("<path d=\"").append(trace.path()).append("\" fill=\"none\" stroke=\"").append(color)
                    .append("\" stroke-width=\"3\" opacity=\"0.85\"/>");
            trace.dots().forEach(h::append);
            h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%s\" text-anchor=\"end\" font-size=\"12\">%s</text>"
                    + "<text x=\"%s\" y=\"%s\" font-size=\"12\">%s</text>", l.left() - 14, c(trace.firstY() + 4),
                    esc(fw.get(i)), c(l.left() + l.step() * Math.max(0, variants - 1) + 14.0), c(trace.lastY() + 4),
                    esc(fw.get(i))));
        }
        h.append("</g>\n");
    }

    /** The chart's ranks as a table. */
    private static void rankTable(StringBuilder h, AnalysisResult a) {
        List<String> fw = a.table().frameworks();
        List<String> vs = a.table().variants();
        h.append("<table id=\"rank-table\"><tr><th>framework</th>");
        vs.forEach(v -> h.append("<th>").append(esc(v)).append("</th>"));
        h.append("</tr>\n");
        for (int i = 0; i < fw.size(); i++) {
            h.append("<tr><td>").append(esc(fw.get(i))).append("</td>");
            for (String v : vs) {
                h.append("<td class=\"num\">").append(rankLabel(a.ranks().get(v)[i])).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    /** Kendall's τ-b of each variant's ranking, and each aggregate's, against the reference's. */
    private static void tauTable(StringBuilder h, AnalysisResult a) {
        h.append("<table id=\"tau\"><tr><th>Kendall τ-b against ").append(esc(a.referenceVariant()))
                .append("</th><th>τ-b</th></tr>\n");
        a.tauVsReference().forEach((v, tau) -> h.append("<tr><td>").append(esc(v)).append("</td><td class=\"num\">")
                .append(MarkdownReport.num(tau, 3)).append("</td></tr>\n"));
        a.tauVsAggregate().forEach((v, tau) -> h.append("<tr><td>aggregate ").append(esc(v))
                .append("</td><td class=\"num\">").append(MarkdownReport.num(tau, 3)).append("</td></tr>\n"));
        h.append("</table>\n");
    }

    private static String rankLabel(double rank) {
        if (Double.isNaN(rank)) {
            return "–";
        }
        return rank == Math.rint(rank) ? Long.toString((long) rank) : String.format(Locale.ROOT, "%.1f", rank);
    }

    // ---- aggregates, lottery, expectations, environment -------------------------------------

    private static void aggregates(StringBuilder h, AnalysisResult a) {
        h.append("<h2 id=\"aggregates\">Aggregates</h2>\n");
        if (a.aggregates().isEmpty()) {
            h.append("<p>None declared.</p>\n");
            return;
        }
        h.append("<table id=\"aggregate-table\"><tr><th>framework</th>");
        a.aggregates().forEach(x -> h.append("<th>").append(esc(x.definition().name())).append("</th>"));
        h.append("</tr>\n");
        List<String> fw = a.table().frameworks();
        for (int i = 0; i < fw.size(); i++) {
            h.append("<tr><td>").append(esc(fw.get(i))).append("</td>");
            for (AggregateResult x : a.aggregates()) {
                h.append("<td class=\"num\">").append(MarkdownReport.num(x.values()[i], x.definition().asFraction() ? 4 : 2))
                        .append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n<p>Definitions (declared in the suite file, not hard-wired):</p>\n<ul id=\"aggregate-definitions\">");
        a.aggregates().forEach(x -> h.append("<li>").append(esc(x.definition().describe())).append("</li>"));
        h.append("</ul>\n");
    }

    private static void lottery(StringBuilder h, AnalysisResult a) {
        String ref = esc(a.referenceVariant());
        h.append(String.format(Locale.ROOT, "<h2 id=\"lottery\">The lottery list (%s margin below %.2f pp, reversed on a "
                + "variant)</h2>%n", ref, a.lotteryMargin()));
        if (a.lottery().isEmpty()) {
            h.append("<p id=\"lottery-empty\">No pair that ").append(ref)
                    .append(" separates by less than the margin is reversed on another variant.</p>\n");
            return;
        }
        h.append("<table id=\"lottery-table\"><tr><th>better on ").append(ref).append("</th><th>worse on ").append(ref)
                .append("</th><th>margin (pp)</th><th>reversed on</th><th>reversed by (pp)</th></tr>\n");
        for (LotteryPair p : a.lottery()) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td class=\"num\">%.2f</td><td>%s</td>"
                    + "<td class=\"num\">%.2f</td></tr>%n", esc(p.better()), esc(p.worse()), p.valMargin(), esc(p.variant()),
                    p.variantMargin()));
        }
        h.append("</table>\n");
    }

    private static void significance(StringBuilder h, AnalysisResult a) {
        h.append("<h2 id=\"significance\">Paired significance: is the marginal improvement real?</h2>\n");
        if (!a.significance().available()) {
            a.significance().notes().forEach(n -> h.append("<p>").append(esc(n)).append(".</p>\n"));
            return;
        }
        h.append("<p>").append(esc(SignificanceTables.method(a))).append("</p>\n");
        if (!a.lottery().isEmpty()) {
            h.append("<p id=\"significance-summary\">").append(esc(SignificanceTables.summary(a))).append("</p>\n");
        }
        for (SignificanceTables.Table t : List.of(SignificanceTables.lottery(a), SignificanceTables.rankChanges(a),
                SignificanceTables.rankIntervals(a), SignificanceTables.aggregates(a))) {
            if (t.rows().isEmpty() || t.header().size() < 2) {
                continue;
            }
            h.append("<h3>").append(esc(t.caption())).append("</h3>\n<table id=\"").append(t.id()).append("\"><tr>");
            t.header().forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
            h.append("</tr>\n");
            for (List<String> row : t.rows()) {
                h.append("<tr>");
                row.forEach(c -> h.append("<td>").append(esc(c)).append("</td>"));
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
        if (!a.significance().notes().isEmpty()) {
            h.append("<ul>");
            a.significance().notes().forEach(n -> h.append("<li>").append(esc(n)).append("</li>"));
            h.append("</ul>\n");
        }
    }

    private static void expectations(StringBuilder h, RunResult run) {
        h.append("<h2 id=\"expectations\">Expectations</h2>\n");
        if (!run.fixtures().isEmpty()) {
            GatePolicy p = run.fixtures().get(0).check().policy();
            h.append(String.format(Locale.ROOT, "<p>Gate: family-wise false-alarm rate %s per run over %d checked fixtures "
                    + "(per fixture %.2g two-sided); a fixture fails when |score &minus; expected| &gt; allowance + "
                    + "critical &times; &sigma;, &sigma; = &radic;(sd_seed&sup2;/n + ref_se&sup2; + sd_numeric&sup2;); "
                    + "detectable = the shift caught with 95%% power.</p>%n", MarkdownReport.num(p.falseAlarmRate(), 3),
                    p.checkedFixtures(), p.fixtureAlpha()));
        }
        h.append("<table id=\"expectation-table\"><tr><th>fixture</th>"
                + "<th>metric</th><th>score</th><th>expected</th><th>tolerance (pp)</th><th>status</th><th>source</th>"
                + "<th>&sigma; (pp)</th><th>z</th><th>detectable (pp)</th></tr>\n");
        for (FixtureResult r : run.fixtures()) {
            boolean checked = r.expected() != null;
            h.append(String.format(Locale.ROOT, "<tr><td>%s/%s</td><td>%s</td><td class=\"num\">%.2f</td><td class=\"num\">%s"
                    + "</td><td class=\"num\">%s</td><td class=\"%s\">%s</td><td>%s</td><td class=\"num\">%s</td>"
                    + "<td class=\"num\">%s</td><td class=\"num\">%s</td></tr>%n", esc(r.framework()),
                    esc(r.variant()), esc(r.metric()), r.score(),
                    checked ? MarkdownReport.num(r.expected(), 2) : "–",
                    checked ? MarkdownReport.num(r.tolerance(), 2) : "–", statusName(r.status()),
                    statusName(r.status()), esc(r.source()), checked ? MarkdownReport.num(r.check().sigma(), 2) : "–",
                    checked ? MarkdownReport.num(r.check().z(), 2) : "–",
                    checked ? MarkdownReport.num(r.check().detectable(), 2) : "–"));
        }
        h.append("</table>\n");
        SuiteCheck sc = run.suiteCheck();
        if (sc.groups() > 0) {
            h.append("<p id=\"suite-check\">")
                    .append(MarkdownReport.suiteCheckSentence(sc, "<b>" + statusName(sc.status()) + "</b>"))
                    .append("</p>").append(System.lineSeparator());
        }
    }

    private static void environment(StringBuilder h, Map<String, Object> env) {
        h.append("<h2 id=\"environment\">Environment</h2>\n<table id=\"environment-table\">\n");
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", env, flat);
        flat.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td><code>").append(esc(v))
                .append("</code></td></tr>\n"));
        h.append("</table>\n");
    }

    private static void flatten(String prefix, Object value, Map<String, String> out) {
        if (value instanceof Map<?, ?> m && !m.isEmpty()) {
            m.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
        } else if (value instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof Map<?, ?>)) {
            for (int i = 0; i < l.size(); i++) {
                flatten(prefix + "." + i, l.get(i), out);
            }
        } else {
            out.put(prefix, String.valueOf(value));
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static FixtureResult find(RunResult run, String framework, String variant) {
        return run.fixtures().stream().filter(r -> r.framework().equals(framework) && r.variant().equals(variant))
                .findFirst().orElse(null);
    }

    static String statusName(Status s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private static String statusColor(Status s) {
        return switch (s) {
            case PASS -> Svg.PASS;
            case FAIL -> Svg.FAIL;
            case RECORDED -> Svg.RECORDED;
        };
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                m = Math.min(m, x);
            }
        }
        return m == Double.POSITIVE_INFINITY ? 0 : m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                m = Math.max(m, x);
            }
        }
        return m == Double.NEGATIVE_INFINITY ? 100 : m;
    }
}

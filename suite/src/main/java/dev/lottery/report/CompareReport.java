package dev.lottery.report;

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

    private CompareReport() {}

    /** Writes {@code compare.md} and {@code compare.json} into {@code dir} (atomically, each). */
    public static void write(Comparison c, Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve(COMPARE_MD), markdown(c));
        AtomicFiles.writeString(dir.resolve(COMPARE_JSON), json(c));
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
        o.put("current", Map.of("runId", c.currentRunId(), "dir", c.currentDir()));
        o.put("baseline", Map.of("runId", c.baselineRunId(), "dir", c.baselineDir()));
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

package dev.lottery.report;

import dev.lottery.analysis.AnalysisResult;
import dev.lottery.analysis.Status;
import dev.lottery.analysis.SuiteCheck;
import java.nio.file.Path;
import java.util.Locale;

/** The one-screen summary printed at the end of a run. */
public final class ConsoleSummary {

    private ConsoleSummary() {}

    public static String render(RunResult run, Path runDir) {
        AnalysisResult a = run.analysis();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%nSuite %s, run %s (%.1f s)%n", run.suite(), run.runId(), run.wallSeconds()));
        s.append(String.format(Locale.ROOT, "%-18s", "framework"));
        a.table().variants().forEach(v -> s.append(String.format(Locale.ROOT, "%13s", v)));
        s.append('\n');
        boolean anyAdded = false;
        for (String f : a.table().frameworks()) {
            boolean added = run.fixtures().stream().anyMatch(x -> x.framework().equals(f) && x.params().containsKey("added"));
            anyAdded |= added;
            s.append(String.format(Locale.ROOT, "%-18s", added ? f + "*" : f));
            for (String v : a.table().variants()) {
                FixtureResult r = run.fixtures().stream()
                        .filter(x -> x.framework().equals(f) && x.variant().equals(v)).findFirst().orElse(null);
                s.append(r == null ? String.format("%13s", "–")
                        : String.format(Locale.ROOT, "%8.2f %-4s", r.score(), mark(r.status())));
            }
            s.append('\n');
        }
        if (anyAdded) {
            s.append("  * added with --add (record-only: reported, not checked)\n");
        }
        a.tauVsReference().forEach((v, tau) -> s.append(String.format(Locale.ROOT, "  tau-b(%s, %s) = %s%n",
                a.referenceVariant(), v, MarkdownReport.num(tau, 3))));
        s.append(String.format(Locale.ROOT, "  lottery pairs (val margin < %.2f pp, reversed): %d%n", a.lotteryMargin(),
                a.lottery().size()));
        a.lottery().forEach(p -> s.append(String.format(Locale.ROOT,
                "    %s > %s on %s by %.2f pp, reversed on %s by %.2f pp%n", p.better(), p.worse(),
                a.referenceVariant(), p.valMargin(), p.variant(), p.variantMargin())));
        if (!run.badSamples().isEmpty()) {
            s.append("  bad samples skipped: ").append(run.badSamples().size()).append(" (listed in report.md)\n");
        }
        s.append(String.format(Locale.ROOT, "%d pass, %d FAIL, %d recorded (not checked)%n", run.count(Status.PASS),
                run.count(Status.FAIL), run.count(Status.RECORDED)));
        for (FixtureResult r : run.fixtures()) {
            if (r.status() == Status.FAIL) {
                s.append(String.format(Locale.ROOT, "  FAIL %s: %.2f (seeds %s), expected %.2f ± %.2f, z = %s (%s)%n",
                        r.benchmark(), r.score(), r.seeds().stream().map(x -> MarkdownReport.num(x.accuracy(), 2))
                                .toList(), r.expected(), r.tolerance(), MarkdownReport.num(r.check().z(), 2),
                        r.source()));
            }
        }
        SuiteCheck sc = run.suiteCheck();
        if (sc.groups() > 0) {
            s.append(String.format(Locale.ROOT, "  suite-level tests (%d frameworks, each at %.2g): shift S = %.2f "
                    + "(p %.3g), spread X = %.1f (p %.3g): %s%n", sc.groups(), sc.alpha(), sc.shift(), sc.shiftP(),
                    sc.spread(), sc.spreadP(), sc.status() == Status.FAIL ? "FAIL" : "ok"));
        }
        s.append("Reports: ").append(runDir).append(" (and ").append(runDir.resolveSibling("latest")).append(")\n");
        return s.toString();
    }

    private static String mark(Status s) {
        return switch (s) {
            case PASS -> "ok";
            case FAIL -> "FAIL";
            case RECORDED -> "rec";
        };
    }
}

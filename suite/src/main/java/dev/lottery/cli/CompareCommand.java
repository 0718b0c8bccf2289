package dev.lottery.cli;

import dev.lottery.report.CompareReport;
import dev.lottery.report.Comparison;
import dev.lottery.run.BaselineCompare;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Compares two run folders fixture by fixture; exit status 1 on drift. */
@Command(name = "compare", description = {
    "Compare run folder A (default: reports/latest) with baseline folder B (default: $LOTTERY_BASELINE, else",
    "reports/baseline): per fixture the score change, whether it exceeds the combined interval and the tolerance,",
    "and environment differences that could explain it. Writes compare.md and compare.json into A (or --out).",
    "Exit status: 0 no drift, 1 drift, 2 could not compare."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./lottery compare                                   reports/latest against reports/baseline",
            "  ./lottery compare reports/latest /archive/20261120-011700-paper --tolerance 0.3"})
final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", description = "The run to check (default: <home>/reports/latest).")
    Path current;

    @Parameters(index = "1", arity = "0..1", description = "The baseline run (default: $LOTTERY_BASELINE, else <home>/reports/baseline).")
    Path baseline;

    @Option(names = "--tolerance", description = "Percentage points allowed for every fixture (default: each "
            + "fixture's declared tolerance, 0.5 for record-only fixtures).")
    Double tolerance;

    @Option(names = "--out", description = "Where compare.md and compare.json go (default: the current run's folder).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path home = Main.home();
        Path a = current != null ? current : home.resolve("reports/latest");
        Path b = baseline != null ? baseline : defaultBaseline(home);
        Comparison c = BaselineCompare.compare(a, b, tolerance);
        CompareReport.write(c, out != null ? out : a);
        System.out.print(CompareReport.console(c));
        return c.exitCode();
    }

    static Path defaultBaseline(Path home) {
        String env = System.getenv("LOTTERY_BASELINE");
        return env != null && !env.isBlank() ? Path.of(env) : home.resolve("reports/baseline");
    }
}

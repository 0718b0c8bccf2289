package dev.lottery.cli;

import dev.lottery.report.ConsoleSummary;
import dev.lottery.report.ReportWriter;
import dev.lottery.report.RunResult;
import dev.lottery.report.StoredRun;
import dev.lottery.run.Merge;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Merges shard run folders into one run with the same reports as a single-machine run. */
@Command(name = "merge", description = {
    "Combine the folders written by './lottery run --shard i/n' (all n of them) into one run:",
    "reports/<run-id>-merged/ and reports/latest/, with the same files as a single-machine run.",
    "Exit status as for run: 0 every checked fixture passes, 1 any fails (or drifts with --baseline), 2 error."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./lottery merge shards/1 shards/2 shards/3 shards/4",
            "  ./lottery merge shards/* --reports reports --baseline /archive/last-good"})
final class MergeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", description = "Shard run folders (each holds results.json, analysis.json, ...).")
    List<Path> dirs;

    @Option(names = "--reports", description = "Reports folder for the merged run (default: <home>/reports).")
    Path reports;

    @Option(names = "--baseline", description = "Compare the merged run with this baseline run folder afterwards.")
    Path baseline;

    @Override
    public Integer call() throws Exception {
        Path home = Main.home();
        if (baseline != null && !StoredRun.isRun(baseline)) {
            throw new IllegalArgumentException("--baseline " + baseline + ": expected a run folder, found no results.json there");
        }
        RunResult merged = Merge.merge(dirs);
        Path dir = ReportWriter.write(merged, reports != null ? reports : home.resolve("reports"));
        System.out.print(ConsoleSummary.render(merged, dir));
        int status = merged.exitCode();
        if (baseline != null) {
            status = Math.max(status, RunCommand.compareWithBaseline(dir, baseline));
        }
        return status;
    }
}

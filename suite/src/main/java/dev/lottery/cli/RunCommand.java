package dev.lottery.cli;

import dev.lottery.report.ConsoleSummary;
import dev.lottery.report.ReportWriter;
import dev.lottery.report.RunResult;
import dev.lottery.run.RunOptions;
import dev.lottery.run.Runner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a suite and writes its reports; exit status 0 when every checked fixture passes, 1 when any fails. */
@Command(name = "run", description = "Run a suite's fixtures and write reports/<run-id>/ and reports/latest/.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--suite", defaultValue = "pocket", description = "Suite name (default: ${DEFAULT-VALUE}).")
    String suite;

    @Option(names = "--frameworks", split = ",", description = "Only these frameworks (comma separated).")
    List<String> frameworks;

    @Option(names = "--variants", split = ",", description = "Only these variants (the reference variant is always kept).")
    List<String> variants;

    @Option(names = "--seeds", description = "Number of seeds (default: the suite's).")
    Integer seeds;

    @Option(names = "--device", defaultValue = "auto", description = "auto | cpu | gpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--cache", description = "Feature and head cache (default: <home>/.cache).")
    Path cache;

    @Option(names = "--reports", description = "Reports folder (default: <home>/reports).")
    Path reports;

    @Option(names = "--threads", description = "Decode and preprocess worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--no-progress", description = "Do not draw progress bars.")
    boolean noProgress;

    @picocli.CommandLine.Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--full-fingerprint", description = "Also hash every dataset file's content into environment.json.")
    boolean fullFingerprint;

    @Override
    public Integer call() throws Exception {
        Path home = Main.home();
        RunOptions d = RunOptions.defaults(home);
        RunOptions options = new RunOptions(suite, frameworks, variants, seeds, device,
                cache != null ? cache : d.cacheDir(), reports != null ? reports : d.reportsDir(),
                threads != null ? threads : d.threads(), !noProgress && System.console() != null)
                .withData(data.root(), data.datasetPaths, data.realJson, fullFingerprint);
        System.out.println("lottery: running suite '" + suite + "'");
        RunResult result = Runner.run(home, options, System.out);
        Path dir = ReportWriter.write(result, options.reportsDir());
        System.out.print(ConsoleSummary.render(result, dir));
        return result.exitCode();
    }
}

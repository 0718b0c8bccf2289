package dev.lottery.cli;

import dev.lottery.report.CompareReport;
import dev.lottery.report.Comparison;
import dev.lottery.report.ConsoleSummary;
import dev.lottery.report.NumericEnvironment;
import dev.lottery.report.ReportWriter;
import dev.lottery.report.RunResult;
import dev.lottery.report.StoredRun;
import dev.lottery.run.AddedFrameworks;
import dev.lottery.run.BaselineCompare;
import dev.lottery.run.DeviceCheck;
import dev.lottery.run.RunOptions;
import dev.lottery.run.Runner;
import dev.lottery.run.Shard;
import dev.lottery.run.ShardRun;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a suite and writes its reports; exit status 0 when every checked fixture passes, 1 when any fails. */
@Command(name = "run", description = {"Run a suite's fixtures and write reports/<run-id>/ and reports/latest/.",
        "Exit status: 0 every checked fixture passes, 1 any fails (or drifts with --baseline), 2 could not run."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./lottery run                                          the pocket suite (about 30 s cold)",
            "  ./lottery run --frameworks pixels --variants v2 --seeds 5 --device cpu",
            "  ./lottery run --seed-offset 3                          an honest rerun with seeds 3, 4, 5",
            "  LOTTERY_DATA=/data ./lottery run --suite paper --frameworks supervised",
            "  ./lottery run --suite paper --data-root /data --allow-partial   a partial copy, recorded as such",
            "  ./lottery --gpu run --suite paper --device gpu --threads 16"})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--suite", defaultValue = "pocket", description = "Suite name (default: ${DEFAULT-VALUE}).")
    String suite;

    @Option(names = "--frameworks", split = ",", description = "Only these frameworks (comma separated).")
    List<String> frameworks;

    @Option(names = "--variants", split = ",", description = "Only these variants (the reference variant is always kept).")
    List<String> variants;

    @Option(names = "--protocols", split = ",", description = "Only these of the suite's linear-evaluation protocols:"
            + " center, views-K, augmented (default: all it declares).")
    List<String> protocols;

    @Option(names = "--seeds", description = "Number of seeds (default: the suite's).")
    Integer seeds;

    @Option(names = "--seed-offset", defaultValue = "0", description = "First seed (default: ${DEFAULT-VALUE}): seeds "
            + "K..K+n-1. An honest rerun with other seeds is --seed-offset 3; expectations hold for any seeds.")
    long seedOffset;

    @Option(names = "--engine-threads", defaultValue = "0", description = "The engine's intra-op thread pool (default: "
            + "the available processors; inter-op is 1). Part of the numeric environment: recorded, and in head cache keys.")
    int engineThreads;

    @Option(names = "--add", paramLabel = "NAME=FILE[,keymap=K][,prefix=P][,routine=R][,preprocess=P][,width=W]",
            description = "Run your own checkpoint beside the suite's frameworks, record-only (repeatable). Defaults: "
                    + "the key map detected when unambiguous, the suite's most common routine and preprocessing, the "
                    + "checkpoint's width. Example: --add mine=ckpt/resnet50.pth,prefix=module.encoder.")
    List<String> add;

    @Option(names = "--allow-bad-images", description = "Exit 0 even when some samples could not be used (they are "
            + "still counted, listed in the reports and left out of the scores).")
    boolean allowBadImages;

    @Option(names = "--device", defaultValue = "auto", description = "auto | cpu | gpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--cache", description = "Feature and head cache (default: <home>/.cache).")
    Path cache;

    @Option(names = "--reports", description = "Reports folder (default: <home>/reports).")
    Path reports;

    @Option(names = "--threads", description = "Decode and preprocess worker threads (default: half the cores; the rest run the backbone).")
    Integer threads;

    @Option(names = "--checkpoints",
            description = "Fetched checkpoints (default: $LOTTERY_CHECKPOINTS or <home>/.cache/checkpoints).")
    Path checkpoints;

    @Option(names = "--no-progress", description = "Do not draw progress bars.")
    boolean noProgress;

    @Option(names = "--shard", description = "Run slice i of n (1-based, e.g. 2/4): whole frameworks dealt round-robin "
            + "in declaration order; combine the n folders with 'lottery merge'.")
    String shard;

    @Option(names = "--baseline", description = "After the run, compare it with this run folder (the last good run); "
            + "exit 1 on drift.")
    Path baseline;

    @picocli.CommandLine.Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--allow-partial", description = "Use a dataset copy that differs from its declaration (class "
            + "folders missing, another count) as far as it reads; recorded as 'partial: 5 of 1000 class folders' in "
            + "environment.json and the reports. Without it such a copy stops the run.")
    boolean allowPartial;

    @Option(names = "--full-fingerprint", description = "Also hash every dataset file's content into environment.json.")
    boolean fullFingerprint;

    @Override
    public Integer call() throws Exception {
        Path home = Main.home();
        RunOptions d = RunOptions.defaults(home);
        RunOptions options = new RunOptions(suite, frameworks, variants, seeds, device,
                cache != null ? cache : d.cacheDir(), reports != null ? reports : d.reportsDir(),
                threads != null ? threads : d.threads(), !noProgress && System.console() != null)
                .withCheckpointsDir(checkpoints != null ? checkpoints : d.checkpointsDir())
                .withData(data.root(), data.datasetPaths, data.realJson, fullFingerprint)
                .withSeedOffset(seedOffset)
                .withAdded(add == null ? List.of() : add.stream()
                        .map(a -> AddedFrameworks.Spec.parse(a, Path.of("").toAbsolutePath())).toList())
                .withAllowPartial(allowPartial)
                .withProtocols(protocols);
        if (engineThreads < 0) {
            throw new IllegalArgumentException("--engine-threads must be >= 1 (or 0 for the available processors), found "
                    + engineThreads);
        }
        NumericEnvironment.configureThreads(engineThreads, 1);
        DeviceCheck.require(device); // --device gpu without a GPU: stop now, not after reading the suite
        if (shard != null && add != null && !add.isEmpty()) {
            throw new IllegalArgumentException("--add cannot be combined with --shard: an added model is not dealt to a "
                    + "shard; run it with its suite on one machine");
        }
        if (baseline != null && !StoredRun.isRun(baseline)) {
            // fail before hours of work, not after
            throw new IllegalArgumentException("--baseline " + baseline + ": expected a run folder (results.json, "
                    + "analysis.json, environment.json, run.json), found no results.json there");
        }
        System.out.println("lottery: running suite '" + suite + "'");
        RunResult result = shard == null ? Runner.run(home, options, System.out)
                : ShardRun.run(home, options, Shard.parse(shard), System.out);
        Path dir = ReportWriter.write(result, options.reportsDir());
        System.out.print(ConsoleSummary.render(result, dir));
        int status = result.exitCode(allowBadImages);
        if (!allowBadImages && !result.badSamples().isEmpty()) {
            System.out.println("lottery: " + result.badSamples().size() + " bad sample(s) were skipped (listed in "
                    + "report.md): exit 1; --allow-bad-images accepts them");
        }
        if (baseline != null) {
            status = Math.max(status, compareWithBaseline(dir, baseline));
        }
        return status;
    }

    /** Compares a just-written run with a baseline, writes compare.* into the run and latest/; 1 on drift. */
    static int compareWithBaseline(Path runDir, Path baseline) throws java.io.IOException {
        // both sides as stored, so a live run and a 'lottery compare' of its folder agree exactly
        Comparison c = BaselineCompare.compare(runDir, baseline, null);
        CompareReport.write(c, runDir);
        CompareReport.write(c, runDir.resolveSibling("latest"));
        System.out.print(CompareReport.console(c));
        return c.exitCode();
    }
}

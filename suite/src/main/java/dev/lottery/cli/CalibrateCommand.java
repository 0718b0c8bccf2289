package dev.lottery.cli;

import dev.lottery.run.Calibrate;
import dev.lottery.run.EmulatedEnvironment;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Measures each fixture's seed spread and numeric sensitivity and proposes expectation rows. */
@Command(name = "calibrate", description = {
    "Rerun fixtures over more seeds in several numeric environments (child processes: oneDNN ISA caps, oneDNN off,",
    "thread counts, a GPU), then write the measured seed spread (sd_seed, seed_df) and numeric sensitivity",
    "(sd_numeric) of every fixture, and proposed expectation rows, into --out."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./lottery calibrate --frameworks zoo-moco --seeds 10 --environments default,isa-avx2,onednn-off",
            "  ./lottery calibrate --seeds 10 --reference-seeds tools/pocket-zoo/reference-run.json"})
final class CalibrateCommand implements Callable<Integer> {

    @Option(names = "--suite", defaultValue = "pocket", description = "Suite name (default: ${DEFAULT-VALUE}).")
    String suite;

    @Option(names = "--frameworks", split = ",", description = "Only these frameworks (comma separated).")
    List<String> frameworks;

    @Option(names = "--seeds", defaultValue = "10", description = "Seeds per environment (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--seed-offset", defaultValue = "0", description = "First seed (default: ${DEFAULT-VALUE}).")
    long seedOffset;

    @Option(names = "--environments", split = ",", description = "Numeric environments (default: "
            + "default,isa-avx2,onednn-off,threads-1; also isa-avx512, gpu, gpu-no-tf32, gpu-deterministic; join with +).")
    List<String> environments;

    @Option(names = "--out", description = "Output folder (default: <home>/reports/calibration/<time>).")
    Path out;

    @Option(names = "--cache", description = "Cache root, one cache per environment under it (default: <out>/cache).")
    Path cache;

    @Option(names = "--reference-seeds", description = "An independent reference's per-seed scores (JSON "
            + "{\"raw\": {\"framework/variant\": [..]}}, as tools/pocket-zoo/reference-run.json): one more group in the "
            + "between-environment spread, so sd_numeric covers the implementation difference too.")
    Path referenceSeeds;

    @Option(names = "--fill-record-only", description = "Propose self-calibrated expected values for record-only "
            + "rows (your own fixture or GPU; the source says it has no independent reference).")
    boolean fillRecordOnly;

    @Override
    public Integer call() throws Exception {
        if (seeds < 2) {
            throw new IllegalArgumentException("--seeds must be at least 2 to measure a spread, found " + seeds);
        }
        Path home = Main.home();
        List<String> envs = environments != null ? environments : EmulatedEnvironment.defaultNames();
        envs.forEach(EmulatedEnvironment::named); // unknown names fail before any work
        Path dir = out != null ? out : home.resolve("reports").resolve("calibration")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        System.out.println("lottery: calibrating suite '" + suite + "' in " + envs.size() + " environments, " + seeds
                + " seeds each -> " + dir);
        Calibrate.Result r = Calibrate.calibrate(home, new Calibrate.Options(suite, frameworks, seeds, seedOffset, envs,
                dir, cache != null ? cache : dir.resolve("cache"), fillRecordOnly, referenceSeeds), System.out);
        System.out.println("Calibrated " + r.fixtures().size() + " fixtures: " + dir.resolve("calibration.md")
                + "; proposed expectations: " + r.proposed());
        return 0;
    }
}

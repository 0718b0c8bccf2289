package dev.lottery.cli;

import dev.lottery.run.Doctor;
import dev.lottery.run.DoctorCheck;
import dev.lottery.run.RunOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Checks this machine for a run of a suite; one line per check, with what to do when it fails. */
@Command(name = "doctor", description = {"Check this machine for a run of a suite: the engine's natives load, its version,"
        + " the device, each split's folder and layout, each checkpoint present and matching its pin, free disk and RAM"
        + " for the suite's features (declared counts x feature width x 4 bytes). One line per check, with what to do"
        + " when it fails.", "Exit status: 0 every check ok, 1 any failed."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./lottery doctor                                  the pocket suite (runs anywhere)",
            "  ./lottery doctor --suite paper --data-root /data --checkpoints /data/ckpt",
            "  ./lottery --gpu doctor --device gpu                is the GPU seen?"})
final class DoctorCommand implements Callable<Integer> {

    @Option(names = "--suite", defaultValue = "pocket", description = "Suite name (default: ${DEFAULT-VALUE}).")
    String suite;

    @Option(names = "--frameworks", split = ",", description = "Only these frameworks (comma separated).")
    List<String> frameworks;

    @Option(names = "--device", defaultValue = "auto", description = "auto | cpu | gpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--cache", description = "Feature and head cache whose disk is checked (default: <home>/.cache).")
    Path cache;

    @Option(names = "--checkpoints",
            description = "Fetched checkpoints (default: $LOTTERY_CHECKPOINTS or <home>/.cache/checkpoints).")
    Path checkpoints;

    @Mixin
    DataOptions data = new DataOptions();

    @Override
    public Integer call() {
        Path home = Main.home();
        RunOptions d = RunOptions.defaults(home);
        RunOptions options = new RunOptions(suite, frameworks, null, null, device, cache != null ? cache : d.cacheDir(),
                d.reportsDir(), d.threads(), false)
                .withCheckpointsDir(checkpoints != null ? checkpoints : d.checkpointsDir())
                .withData(data.root(), data.datasetPaths, data.realJson, false);
        List<DoctorCheck> checks = Doctor.check(home, options);
        checks.forEach(c -> System.out.println(c.line()));
        long failed = checks.stream().filter(c -> !c.ok()).count();
        System.out.println(failed == 0 ? "lottery: this machine is ready for a '" + suite + "' run"
                : "lottery: " + failed + " of " + checks.size() + " checks failed; see the lines marked FAIL");
        return failed == 0 ? 0 : 1;
    }
}

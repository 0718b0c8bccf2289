package dev.lottery.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lottery} command. Subcommands are thin: they parse options and call one room. */
// scope INHERIT: every subcommand answers --help and --version; HelpCommand answers 'lottery help CMD'
@Command(name = "lottery", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "lottery 0.1.0",
        description = "A JMH-style, reproducible benchmark suite for self-supervised image backbones.",
        footerHeading = "%nExamples:%n",
        footer = {"  ./lottery run                          the pocket suite, reports in reports/latest/",
            "  ./lottery list --suite paper           the paper suite's fixtures and thresholds",
            "  ./lottery doctor --suite paper         is this machine ready for a paper run?",
            "  ./lottery --gpu run --device gpu       build and use the CUDA natives (or LOTTERY_GPU=1)",
            "  ./lottery help run                     the options of one command"},
        subcommands = {CommandLine.HelpCommand.class, ListCommand.class, RunCommand.class, CalibrateCommand.class, CompareCommand.class, MergeCommand.class, BenchCommand.class,
            PocketCommand.class, ExtractCommand.class, FetchCommand.class, DatasetsCommand.class, DoctorCommand.class})
public final class Main implements Runnable {

    static final int USAGE_WIDTH = 120;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** The project root: {@code -Dlottery.home}, else {@code LOTTERY_HOME}, else the working directory. */
    static Path home() {
        String prop = System.getProperty("lottery.home");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        String env = System.getenv("LOTTERY_HOME");
        return Path.of(env != null && !env.isBlank() ? env : ".").toAbsolutePath().normalize();
    }

    public static int execute(String... args) {
        return new CommandLine(new Main())
                .setUsageHelpWidth(USAGE_WIDTH) // examples are whole command lines: not wrapped at 80
                .setExecutionExceptionHandler((ex, cmd, parsed) -> {
                    cmd.getErr().println("lottery: " + ex.getMessage());
                    if (Boolean.getBoolean("lottery.debug")) {
                        ex.printStackTrace(cmd.getErr());
                    }
                    return 2;
                })
                .execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}

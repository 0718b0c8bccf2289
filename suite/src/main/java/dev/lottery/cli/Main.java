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
            PocketCommand.class, ExtractCommand.class, FetchCommand.class, DatasetsCommand.class, DoctorCommand.class,
            CacheCommand.class})
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

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, also print the stack trace (also: -Dlottery.debug=true).")
    boolean debug;

    /**
     * Runs the command line; exit status 2 when the command could not be carried out, with the
     * error and each of its causes on one line (a stack trace only with {@code --debug}).
     */
    public static int execute(String... args) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        cli.setUsageHelpWidth(USAGE_WIDTH); // examples are whole command lines: not wrapped at 80
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            report(ex, cmd.getErr(), main.debug);
            return 2;
        });
        try {
            return cli.execute(args);
        } catch (RuntimeException | Error e) {
            // an Error (e.g. a StackOverflowError) passes picocli's handler; it is still no fixture failure
            report(e, cli.getErr(), main.debug);
            return 2;
        }
    }

    static void report(Throwable ex, java.io.PrintWriter err, boolean debug) {
        causeChain(ex).forEach(line -> err.println("lottery: " + line));
        if (debug || Boolean.getBoolean("lottery.debug")) {
            ex.printStackTrace(err);
        }
        err.flush();
    }

    /** See {@link CauseChain#lines}. */
    static java.util.List<String> causeChain(Throwable ex) {
        return dev.lottery.run.CauseChain.lines(ex);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}

package dev.lottery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command answers --help and 'help CMD' with its usage and examples (the issue met "Unknown option: '--help'"). */
class HelpTest {

    private static CliRun.Outcome execute(String... args) {
        return CliRun.execute(args);
    }

    /** Every command path below {@code lottery}, e.g. [run], [datasets, inspect]; picocli's help commands left out. */
    private static List<List<String>> commandPaths(CommandLine cmd, List<String> prefix) {
        List<List<String>> out = new ArrayList<>();
        for (var e : cmd.getSubcommands().entrySet()) {
            if (e.getValue().getCommand() instanceof CommandLine.HelpCommand) {
                continue;
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(e.getKey());
            out.add(path);
            out.addAll(commandPaths(e.getValue(), path));
        }
        return out;
    }

    @Test
    void everyCommandAnswersHelpWithUsageAndExamples() {
        List<List<String>> paths = commandPaths(new CommandLine(new Main()), List.of());
        assertThat(paths).contains(List.of("run"), List.of("list"), List.of("datasets", "inspect"), List.of("doctor"));
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRun.Outcome o = execute(args.toArray(String[]::new));
            assertThat(o.status()).as(args + ": " + o.err()).isZero();
            assertThat(o.out()).as(String.join(" ", args)).contains("Usage: lottery " + String.join(" ", path))
                    .contains("Examples:").contains("./lottery " + path.get(0));
            assertThat(o.err()).as(String.join(" ", args)).doesNotContain("Unknown option");
        }
    }

    @Test
    void helpCmdPrintsTheSameUsageAsDashDashHelp() {
        for (String cmd : List.of("run", "list", "datasets", "doctor", "compare")) {
            CliRun.Outcome help = execute("help", cmd);
            assertThat(help.status()).as(cmd + ": " + help.err()).isZero();
            assertThat(help.out()).isEqualTo(execute(cmd, "--help").out()).contains("Examples:");
        }
        CliRun.Outcome nested = execute("datasets", "help", "inspect");
        assertThat(nested.status()).isZero();
        assertThat(nested.out()).contains("Usage: lottery datasets inspect").contains("--root", "--labels");
        assertThat(execute("--help").out()).contains("help").contains("doctor").contains("Examples:");
        // examples are whole command lines, never wrapped
        assertThat(execute("run", "--help").out())
                .contains("./lottery run --suite paper --data-root /data --allow-partial   a partial copy, recorded as such");
    }
}

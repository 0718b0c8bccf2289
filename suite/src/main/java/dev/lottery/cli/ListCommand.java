package dev.lottery.cli;

import dev.lottery.catalog.Catalog;
import dev.lottery.catalog.Fixture;
import dev.lottery.catalog.Suite;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the fixtures of a suite, like JMH's {@code -l}. */
@Command(name = "list", description = "List the fixtures (framework/variant) of a suite and their expectations.")
final class ListCommand implements Callable<Integer> {

    @Option(names = "--suite", defaultValue = "pocket", description = "Suite name (default: ${DEFAULT-VALUE}).")
    String suite;

    @Override
    public Integer call() {
        Suite s = Catalog.load(Main.home(), suite);
        System.out.printf("Suite %s: %d fixtures (%d frameworks x %d variants), %d seeds, epoch scale %s%n", s.name(),
                s.fixtures().size(), s.frameworks().size(), s.variants().size(), s.seeds(), s.epochScale());
        for (Fixture f : s.fixtures()) {
            String expectation = f.expectation().recordOnly() ? "record-only"
                    : String.format("%.2f ± %.2f %s", f.expectation().expected(), f.expectation().tolerance(),
                            f.expectation().metric());
            System.out.printf("  %-36s routine=%-12s %s%n", s.name() + "." + f.framework().id() + "." + f.variant().id(),
                    f.framework().routine(), expectation);
        }
        return 0;
    }
}

package dev.lottery.cli;

import dev.lottery.catalog.Catalog;
import dev.lottery.catalog.Fixture;
import dev.lottery.catalog.Suite;
import dev.lottery.analysis.FixtureCheck;
import dev.lottery.analysis.GatePolicy;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the fixtures of a suite, like JMH's {@code -l}. */
@Command(name = "list", description = "List the fixtures (framework/variant) of a suite and their expectations.",
        footerHeading = "%nExamples:%n",
        footer = {"  ./lottery list                   the pocket suite: 50 fixtures, each with threshold and detectable shift",
            "  ./lottery list --suite paper     the paper suite"})
final class ListCommand implements Callable<Integer> {

    @Option(names = "--suite", defaultValue = "pocket", description = "Suite name (default: ${DEFAULT-VALUE}).")
    String suite;

    @Override
    public Integer call() {
        Suite s = Catalog.load(Main.home(), suite);
        System.out.printf("Suite %s: %d fixtures (%d frameworks x %d variants), %d seeds, epoch scale %s%n", s.name(),
                s.fixtures().size(), s.frameworks().size(), s.variants().size(), s.seeds(), s.epochScale());
        GatePolicy policy = new GatePolicy(s.falseAlarmRate(),
                (int) s.fixtures().stream().filter(f -> !f.expectation().recordOnly()).count());
        System.out.printf(Locale.ROOT, "Gate: family-wise false-alarm rate %s per run over %d checked fixtures; "
                + "threshold and detectable shift (95%% power) at %d seeds%n", policy.falseAlarmRate(),
                policy.checkedFixtures(), s.seeds());
        for (Fixture f : s.fixtures()) {
            FixtureCheck c = f.expectation().recordOnly() ? null : FixtureCheck.of(f.expectation().expected(), s.seeds(),
                    f.expectation().expected(), f.expectation().noise(), policy);
            String expectation = c == null ? "record-only"
                    : String.format(Locale.ROOT, "%.2f ± %.2f %s (detects %.2f)", c.expected(), c.threshold(),
                            f.expectation().metric(), c.detectable());
            System.out.printf("  %-36s routine=%-12s %s%n", s.name() + "." + f.framework().id() + "." + f.variant().id(),
                    f.framework().routine(), expectation);
        }
        return 0;
    }
}

package dev.lottery.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lottery.analysis.Status;
import dev.lottery.analysis.SuiteCheck;
import dev.lottery.report.FixtureResult;
import dev.lottery.report.ReportWriter;
import dev.lottery.report.RunResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every fixture of the embedded pocket suite as its own JUnit test: the regression run that
 * {@code mvn verify} performs. A recorded fixture (no expectation) shows up as skipped, never as passed.
 */
class PocketSuiteTest {

    @TestFactory
    Stream<DynamicTest> pocketFixtures() throws Exception {
        Path home = Path.of(System.getProperty("lottery.home", "..")).toAbsolutePath().normalize();
        Path target = home.resolve("suite").resolve("target");
        RunOptions options = RunOptions.defaults(home)
                .withCacheDir(target.resolve("pocket-cache"))
                .withReportsDir(target.resolve("pocket-reports"));
        RunResult run = Runner.run(home, options, new PrintStream(System.out, true));
        ReportWriter.write(run, options.reportsDir());
        assertThat(run.fixtures()).isNotEmpty();
        return Stream.concat(run.fixtures().stream().map(f -> DynamicTest.dynamicTest(f.benchmark(), () -> check(f))),
                Stream.of(DynamicTest.dynamicTest("pocket.suite-level", () -> suiteLevel(run))));
    }

    /** The suite-level shift and spread tests over all fixtures' standardised differences. */
    static void suiteLevel(RunResult run) {
        SuiteCheck s = run.suiteCheck();
        assertThat(s.groups()).isEqualTo(10);
        assertThat(s.status()).as("shift S = %.2f (p %.3g), spread X = %.2f (p %.3g), each at %.2g", s.shift(),
                s.shiftP(), s.spread(), s.spreadP(), s.alpha()).isEqualTo(Status.PASS);
    }

    static void check(FixtureResult f) {
        String measured = String.format(Locale.ROOT, "%s: %.2f%% (seeds %s, 95%% CI [%.2f, %.2f])", f.benchmark(),
                f.score(), java.util.Arrays.toString(f.rawData()), f.lower(), f.upper());
        if (f.status() == Status.RECORDED) {
            Assumptions.abort("recorded, not checked (no expectation; source: " + f.source() + "): " + measured);
        }
        assertThat(f.status())
                .as("%s%n  expected %.2f ± %.2f pp, z = %.2f (sigma %.2f pp; source: %s)", measured, f.expected(),
                        f.tolerance(), f.check().z(), f.check().sigma(), f.source())
                .isEqualTo(Status.PASS);
    }
}

package dev.lottery.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lottery.report.ReportWriter;
import dev.lottery.report.RunResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Every fixture of the pocket-protocols suite (four frameworks under center, views-2, views-8 and
 * augmented) checked against the PyTorch reference, as {@link PocketSuiteTest} checks the pocket suite.
 * About 3 minutes cold on 2 cores, so not in the default {@code mvn verify}: {@code mvn -B verify -Pprotocols}
 * (the nightly workflow runs it).
 */
@EnabledIfSystemProperty(named = "lottery.protocols", matches = "true")
class PocketProtocolsSuiteTest {

    @TestFactory
    Stream<DynamicTest> protocolFixtures() throws Exception {
        Path home = Path.of(System.getProperty("lottery.home", "..")).toAbsolutePath().normalize();
        Path target = home.resolve("suite").resolve("target");
        RunOptions options = RunOptions.builder(home).suite("pocket-protocols")
                .cacheDir(target.resolve("pocket-cache")).reportsDir(target.resolve("pocket-protocols-reports")).build();
        RunResult run = Runner.run(home, options, new PrintStream(System.out, true));
        ReportWriter.write(run, options.reportsDir());
        assertThat(run.fixtures()).hasSize(4 * 4 * 5);
        return run.fixtures().stream()
                .map(f -> DynamicTest.dynamicTest(f.benchmark(), () -> PocketSuiteTest.check(f)));
    }
}

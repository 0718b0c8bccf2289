package dev.lottery.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lottery.report.RunResult;
import dev.lottery.report.StoredRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The pocket suite once more, in a child JVM under another numeric environment than the default run
 * of {@link PocketSuiteTest}: oneDNN capped at AVX2 (what a CPU without AVX-512 runs) and one intra-op
 * thread instead of two, with an empty cache. Every verdict must hold there too: a gate that passes only
 * in the environment its expectations were measured in would fail on the next machine.
 */
class OtherNumericEnvironmentTest {

    @TestFactory
    Stream<DynamicTest> everyVerdictHoldsUnderAnotherNumericEnvironment() throws Exception {
        Path home = Path.of(System.getProperty("lottery.home", "..")).toAbsolutePath().normalize();
        Path target = home.resolve("suite").resolve("target").resolve("other-numeric-environment");
        Path cache = target.resolve("cache");
        Path reports = target.resolve("reports");
        deleteTree(target);
        Files.createDirectories(target);
        EmulatedEnvironment env = EmulatedEnvironment.named("isa-avx2+threads-1");
        int status = ChildRun.run(home, env, List.of("--cache", cache.toString(), "--reports", reports.toString(),
                "--no-progress"), target.resolve("run.log"));
        assertThat(status).as("exit status of the child run; its output: %s", target.resolve("run.log"))
                .isLessThanOrEqualTo(1);
        RunResult run = StoredRun.read(reports.resolve("latest"));
        @SuppressWarnings("unchecked")
        Map<String, Object> numeric = (Map<String, Object>) run.environment().get("numeric");
        assertThat(numeric.get("intraOpThreads")).isEqualTo(1);
        assertThat(numeric.get("onednnMaxCpuIsa")).isEqualTo("avx2");
        return Stream.concat(run.fixtures().stream().map(f -> DynamicTest.dynamicTest(
                        f.benchmark() + " [" + env.name() + "]", () -> PocketSuiteTest.check(f))),
                Stream.of(DynamicTest.dynamicTest("pocket.suite-level [" + env.name() + "]",
                        () -> PocketSuiteTest.suiteLevel(run))));
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}

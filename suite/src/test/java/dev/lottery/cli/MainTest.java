package dev.lottery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line against the shipped declarations (lottery.home is the project root under surefire). */
class MainTest {

    private record Outcome(int status, String out, String err) {}

    private static Outcome execute(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.execute(args);
            return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void listPrintsEveryPocketFixtureWithItsExpectation() {
        Outcome o = execute("list");
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("Suite pocket: 10 fixtures (2 frameworks x 5 variants)")
                .contains("pocket.pixels.val").contains("pocket.random-resnet.adversarial")
                .containsPattern("pocket\\.pixels\\.val\\s+routine=barlowtwins\\s+\\d+\\.\\d\\d ± \\d+\\.\\d\\d top1");
    }

    @Test
    void anUnknownSuiteExitsWithTwoAndSaysWhy() {
        Outcome o = execute("run", "--suite", "nope");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("nope.properties: suite not declared").contains("known suites: [paper, pocket]");
    }

    @Test
    void anUnknownFrameworkIsRejectedBeforeAnyWork() {
        Outcome o = execute("run", "--frameworks", "dino");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("no framework(s) [dino]").contains("pixels");
    }

    @Test
    void gpuWithoutAGpuIsAClearError() {
        Outcome o = execute("run", "--device", "gpu", "--frameworks", "pixels");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).containsIgnoringCase("gpu");
    }
}

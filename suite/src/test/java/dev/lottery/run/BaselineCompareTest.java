package dev.lottery.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lottery.cli.Main;
import dev.lottery.report.Comparison;
import dev.lottery.report.FixtureDrift;
import dev.lottery.report.ReportWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineCompareTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    static Path baseline;

    @BeforeAll
    static void runOnce() throws IOException {
        RunOptions o = RunOptions.builder(home).device("cpu").threads(2).build();
        baseline = ReportWriter.write(Runner.run(Plan.of(TinySuite.builder(home, false).build()), o,
                new PrintStream(new ByteArrayOutputStream())), o.reportsDir());
    }

    /** A copy of the baseline folder with one score moved and the device changed, as a drifting nightly would be. */
    private static Path drifted(double delta) throws IOException {
        Path dir = Files.createTempDirectory(home, "drifted");
        for (String f : List.of("results.json", "analysis.json", "run.json", "environment.json")) {
            Files.copy(baseline.resolve(f), dir.resolve(f));
        }
        ArrayNode results = (ArrayNode) JSON.readTree(dir.resolve("results.json").toFile());
        ObjectNode metric = (ObjectNode) results.get(1).get("primaryMetric"); // pixels/shift
        metric.put("score", metric.get("score").asDouble() + delta);
        JSON.writeValue(dir.resolve("results.json").toFile(), results);
        ObjectNode env = (ObjectNode) JSON.readTree(dir.resolve("environment.json").toFile());
        env.put("device", "gpu(0)");
        ((ObjectNode) env.get("datasetFingerprints")).put("shift", "f".repeat(64));
        JSON.writeValue(dir.resolve("environment.json").toFile(), env);
        return dir;
    }

    @Test
    void aRunComparedWithItselfHasNoDrift() throws IOException {
        Comparison c = BaselineCompare.compare(baseline, baseline, null);
        assertThat(c.fixtures()).hasSize(4).allMatch(d -> d.change() == 0 && !d.drifted() && d.verdict().equals("ok"));
        assertThat(c.environmentDifferences()).isEmpty();
        assertThat(c.exitCode()).isZero();
    }

    @Test
    void aChangeBeyondTheToleranceIsDriftExplainedByTheEnvironment() throws IOException {
        Comparison c = BaselineCompare.compare(drifted(-3.0), baseline, null);
        FixtureDrift shift = c.fixtures().get(1);
        assertThat(shift.framework() + "/" + shift.variant()).isEqualTo("pixels/shift");
        assertThat(shift.change()).isCloseTo(-3.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(shift.tolerance()).isEqualTo(BaselineCompare.DEFAULT_TOLERANCE);
        assertThat(shift.toleranceSource()).isEqualTo("default");
        assertThat(shift.beyondTolerance()).isTrue();
        assertThat(shift.explanations()).anyMatch(e -> e.startsWith("device: cpu() -> gpu(0)"))
                .anyMatch(e -> e.startsWith("datasetFingerprints.shift:"));
        // the val fixtures did not move; the shift fingerprint cannot explain them
        FixtureDrift val = c.fixtures().get(0);
        assertThat(val.drifted()).isFalse();
        assertThat(val.explanations()).noneMatch(e -> e.startsWith("datasetFingerprints.shift"));
        assertThat(c.driftCount()).isEqualTo(1);
        assertThat(c.exitCode()).isEqualTo(1);
    }

    @Test
    void aWiderToleranceAbsorbsTheChange() throws IOException {
        Comparison c = BaselineCompare.compare(drifted(-3.0), baseline, 5.0);
        assertThat(c.exitCode()).isZero();
        assertThat(c.fixtures().get(1).toleranceSource()).isEqualTo("--tolerance");
    }

    @Test
    void theCommandWritesItsReportAndExitsOneOnDrift() throws IOException {
        Path current = drifted(-3.0);
        int status = quietly(() -> Main.execute("compare", current.toString(), baseline.toString()));
        assertThat(status).isEqualTo(1);
        JsonNode json = JSON.readTree(current.resolve("compare.json").toFile());
        assertThat(json.get("drift").asBoolean()).isTrue();
        assertThat(json.at("/fixtures/1/verdict").asText()).isEqualTo("DRIFT");
        assertThat(Files.readString(current.resolve("compare.md"))).contains("| pixels/shift |").contains("**DRIFT**");
        assertThat(Files.readString(current.resolve("compare.html")))
                .contains("<g class=\"drift-row drift\" data-fixture=\"pixels/shift\">")
                .contains("<g class=\"drift-row ok\" data-fixture=\"pixels/val\">").doesNotContain("<script");
        assertThat(quietly(() -> Main.execute("compare", baseline.toString(), baseline.toString(), "--out",
                home.resolve("same").toString()))).isZero();
    }

    @Test
    void aFixtureTheBaselineHadButTheRunLacksIsDrift() throws IOException {
        Path dir = drifted(0);
        ArrayNode results = (ArrayNode) JSON.readTree(dir.resolve("results.json").toFile());
        results.remove(3);
        JSON.writeValue(dir.resolve("results.json").toFile(), results);
        Comparison c = BaselineCompare.compare(dir, baseline, null);
        assertThat(c.fixtures().get(3).verdict()).isEqualTo("missing");
        assertThat(c.exitCode()).isEqualTo(1);
    }

    private interface Call {
        int run();
    }

    private static int quietly(Call call) {
        PrintStream out = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream()));
        try {
            return call.run();
        } finally {
            System.setOut(out);
        }
    }
}

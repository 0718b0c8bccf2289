package dev.lottery.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredRunTest {

    @TempDir
    Path dir;

    /** Field by field, with NaN equal to NaN (a fixed band's z and critical value are NaN, as Double.equals has it). */
    private static final RecursiveComparisonConfiguration NAN_EQUAL = RecursiveComparisonConfiguration.builder()
            .withComparatorForType(Double::compare, Double.class).build();

    @Test
    void aStoredRunRebuildsEveryReportByteForByte() throws IOException {
        RunResult run = SampleRuns.run("r1", SampleRuns.scores(), SampleRuns.environment("2.16", "cpu()"));
        Path written = ReportWriter.write(run, dir);
        RunResult back = StoredRun.read(written);
        assertThat(back.fixtures()).usingRecursiveFieldByFieldElementComparator(NAN_EQUAL).isEqualTo(run.fixtures());
        assertThat(back.analysis().lottery()).isEqualTo(run.analysis().lottery()).isNotEmpty();
        assertThat(back.stageTimes()).isEqualTo(run.stageTimes()).hasSize(3);
        assertThat(back.analysis().predictions()).isEqualTo(run.analysis().predictions());
        assertThat(back.analysis().significance()).isEqualTo(run.analysis().significance());
        assertThat(back.analysis().significance().reversals()).isNotEmpty();
        Path again = ReportWriter.write(back, dir.resolve("again"));
        for (String file : new String[] {ReportWriter.RESULTS_JSON, ReportWriter.RESULTS_CSV, ReportWriter.REPORT_MD,
            ReportWriter.REPORT_HTML, ReportWriter.ANALYSIS_JSON, ReportWriter.ENVIRONMENT_JSON, ReportWriter.RUN_JSON,
            ReportWriter.PREDICTIONS_JSON}) {
            assertThat(Files.readString(again.resolve(file))).as(file).isEqualTo(Files.readString(written.resolve(file)));
        }
    }

    @Test
    void aFolderThatIsNoRunIsNamed() {
        assertThatThrownBy(() -> StoredRun.read(dir)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(dir.resolve("results.json").toString());
    }

    @Test
    void aRunWrittenBeforeRunJsonExistedStillReads() throws IOException {
        RunResult run = SampleRuns.run("r1", SampleRuns.scores(), SampleRuns.environment("2.16", "cpu()"));
        Path written = ReportWriter.write(run, dir);
        Files.delete(written.resolve(ReportWriter.RUN_JSON));
        RunResult back = StoredRun.read(written);
        assertThat(back.runId()).isEqualTo("r1");
        assertThat(back.fixtures()).usingRecursiveFieldByFieldElementComparator(NAN_EQUAL).isEqualTo(run.fixtures());
        assertThat(back.analysis().table()).isEqualTo(run.analysis().table());
        assertThat(back.notes()).singleElement().asString().contains("has no run.json");
    }

    /** predictions.json packs bit i of an image run into byte i/8, least significant bit first (numpy's "little"). */
    @Test
    void predictionsArePackedLittleEndianAndCheckedOnRead() throws IOException {
        dev.lottery.score.Correctness c = dev.lottery.score.Correctness.of(true, false, false, false, false, false, false,
                false, false, true);
        assertThat(PredictionsJson.bytes(c)).containsExactly(0x01, 0x02);
        assertThat(PredictionsJson.correctness(10, new byte[] {0x01, 0x02}, dir, "x")).isEqualTo(c);
        assertThatThrownBy(() -> PredictionsJson.correctness(10, new byte[] {0x01, 0x06}, dir, "a/val"))
                .hasMessageContaining("a/val").hasMessageContaining("beyond image 9");
        RunResult run = SampleRuns.run("r1", SampleRuns.scores(), SampleRuns.environment("2.16", "cpu()"));
        Path written = ReportWriter.write(run, dir);
        Path file = written.resolve(ReportWriter.PREDICTIONS_JSON);
        Files.writeString(file, Files.readString(file).replaceFirst("\"correct\" : \\d+", "\"correct\" : 1"));
        assertThatThrownBy(() -> StoredRun.read(written)).hasMessageContaining(file.toString())
                .hasMessageContaining("alpha/val seed 0");
    }

    /** A run stored before per-image outcomes were kept still reads; its report says there are no paired tests. */
    @Test
    void aRunWithoutPredictionsReadsWithoutPairedTests() throws IOException {
        RunResult run = SampleRuns.run("r1", SampleRuns.scores(), SampleRuns.environment("2.16", "cpu()"));
        Path written = ReportWriter.write(run, dir);
        Files.delete(written.resolve(ReportWriter.PREDICTIONS_JSON));
        RunResult back = StoredRun.read(written);
        assertThat(back.analysis().significance().available()).isFalse();
        assertThat(MarkdownReport.render(back)).contains("no per-image outcomes stored");
    }
}

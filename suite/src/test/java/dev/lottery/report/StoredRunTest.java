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
        for (String file : new String[] {ReportWriter.RESULTS_JSON, ReportWriter.RESULTS_CSV, ReportWriter.REPORT_MD,
            ReportWriter.REPORT_HTML, ReportWriter.ANALYSIS_JSON, ReportWriter.ENVIRONMENT_JSON, ReportWriter.RUN_JSON}) {
            Path again = ReportWriter.write(back, dir.resolve("again"));
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
}

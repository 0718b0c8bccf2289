package dev.lottery.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lottery.report.ReportWriter;
import dev.lottery.report.RunResult;
import dev.lottery.report.StageTimes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** merge(shards) = whole run, on the tiny suite, each part with its own cache as on separate machines. */
class ShardMergeTest {

    @TempDir
    static Path home;

    static Path whole;
    static Path shard1;
    static Path shard2;

    private static RunOptions options(String name) {
        return new RunOptions("tiny", null, null, null, "cpu", home.resolve("cache-" + name),
                home.resolve("reports-" + name), 2, false);
    }

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    @BeforeAll
    static void runWholeAndShards() throws IOException {
        TinyProject.create(home, TinyProject.recordOnlyExpectations(), true);
        whole = ReportWriter.write(Runner.run(home, options("whole"), QUIET), options("whole").reportsDir());
        shard1 = ReportWriter.write(ShardRun.run(home, options("s1"), new Shard(1, 2), QUIET), options("s1").reportsDir());
        shard2 = ReportWriter.write(ShardRun.run(home, options("s2"), new Shard(2, 2), QUIET), options("s2").reportsDir());
    }

    @Test
    void shardsKeepWholeFrameworksInDeclarationOrder() {
        List<String> fw = List.of("a", "b", "c", "d", "e");
        assertThat(new Shard(1, 2).select(fw)).containsExactly("a", "c", "e");
        assertThat(new Shard(2, 2).select(fw)).containsExactly("b", "d");
        assertThat(Shard.parse("3/3").select(fw)).containsExactly("c");
        assertThatThrownBy(() -> new Shard(1, 6).select(fw)).hasMessageContaining("at most 5 shards");
        assertThatThrownBy(() -> Shard.parse("0/2")).hasMessageContaining("1 <= i <= n");
        assertThatThrownBy(() -> Shard.parse("two")).hasMessageContaining("found 'two'");
    }

    @Test
    void eachShardRanOnlyItsFrameworks() throws IOException {
        assertThat(shard1.getFileName().toString()).endsWith("-tiny-shard1of2");
        assertThat(Files.readString(shard1.resolve("results.json"))).contains("tiny.pixels.val")
                .doesNotContain("tiny.random-resnet");
        assertThat(Files.readString(shard2.resolve("results.json"))).contains("tiny.random-resnet.val")
                .doesNotContain("tiny.pixels");
    }

    @Test
    void mergedShardsGiveTheWholeRunsReports() throws IOException {
        RunResult merged = Merge.merge(List.of(shard2, shard1));
        Path dir = ReportWriter.write(merged, home.resolve("reports-merged"));
        assertThat(dir.getFileName().toString()).endsWith("-tiny-merged");
        for (String file : List.of("results.json", "results.csv", "predictions.json")) {
            assertThat(Files.readString(dir.resolve(file))).as(file).isEqualTo(Files.readString(whole.resolve(file)));
        }
        assertThat(withoutRunId(dir.resolve("analysis.json"))).isEqualTo(withoutRunId(whole.resolve("analysis.json")));
        assertThat(markdownBody(dir)).isEqualTo(markdownBody(whole));
        assertThat(htmlCharts(dir)).isEqualTo(htmlCharts(whole));
        // the bad sample is the training-independent val one, reported once
        assertThat(merged.badSamples()).hasSize(1);
        // each framework's stage times from the shard that ran it, in the whole run's order
        assertThat(merged.stageTimes()).extracting(StageTimes::framework).containsExactly("pixels", "random-resnet");
        assertThat(Files.readString(dir.resolve("environment.json"))).contains("\"shards\"").contains("shard1of2");
    }

    @Test
    void theMergeCommandWritesTheMergedRunAndComparesItWithTheWholeRun() throws IOException {
        Path reports = home.resolve("reports-cli");
        PrintStream out = System.out;
        int status;
        System.setOut(QUIET);
        try {
            status = dev.lottery.cli.Main.execute("merge", shard1.toString(), shard2.toString(), "--reports",
                    reports.toString(), "--baseline", whole.toString());
        } finally {
            System.setOut(out);
        }
        assertThat(status).isZero();
        assertThat(Files.readString(reports.resolve("latest/results.json")))
                .isEqualTo(Files.readString(whole.resolve("results.json")));
        assertThat(Files.readString(reports.resolve("latest/compare.md"))).contains("**No drift.**");
    }

    @Test
    void anIncompleteOrRepeatedSetOfShardsIsRefused() {
        assertThatThrownBy(() -> Merge.merge(List.of(shard1))).hasMessageContaining("missing shard(s) [2]");
        assertThatThrownBy(() -> Merge.merge(List.of(shard1, shard1))).hasMessageContaining("given twice");
        assertThatThrownBy(() -> Merge.merge(List.of(shard1, whole))).hasMessageContaining("measured by two");
    }

    @Test
    void shardsThatReadDifferentDataAreRefused() throws IOException {
        Path copy = home.resolve("tampered");
        Files.createDirectories(copy);
        for (String f : List.of("results.json", "analysis.json", "run.json", "environment.json")) {
            String text = Files.readString(shard2.resolve(f));
            if (f.equals("environment.json")) {
                text = text.replaceFirst("(\"val\" : \")[0-9a-f]{8}", "$100000000");
            }
            Files.writeString(copy.resolve(f), text);
        }
        assertThatThrownBy(() -> Merge.merge(List.of(shard1, copy))).hasMessageContaining("different data")
                .hasMessageContaining("dataset 'val'");
    }

    private static String withoutRunId(Path file) throws IOException {
        return Files.readString(file).replaceAll("\"runId\" : \"[^\"]*\"", "");
    }

    /** report.md from the accuracy table to the environment: everything but the title line and wall time. */
    /** The report without its stage times (measured, so they differ between any two runs, like wall time). */
    private static String markdownBody(Path dir) throws IOException {
        String md = Files.readString(dir.resolve("report.md"));
        return md.substring(md.indexOf("## Accuracy"), md.indexOf("## Stage times"))
                + md.substring(md.indexOf("\n## ", md.indexOf("## Stage times") + 1), md.indexOf("## Environment"));
    }

    private static String htmlCharts(Path dir) throws IOException {
        String html = Files.readString(dir.resolve("report.html"));
        return html.substring(html.indexOf("<h2 id=\"accuracy\">"), html.indexOf("<h2 id=\"stage-times\">"))
                + html.substring(html.indexOf("</table>", html.indexOf("<h2 id=\"stage-times\">")),
                        html.indexOf("<h2 id=\"environment\">"));
    }
}

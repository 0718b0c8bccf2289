package dev.lottery.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lottery.report.ReportWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * merge(shards) = whole run on the shipped pocket suite. It shares {@link PocketSuiteTest}'s cache
 * (same options), so the pocket suite's features and heads are computed once per build whichever
 * test runs first.
 */
class PocketMergeTest {

    @TempDir
    Path reports;

    @Test
    void mergedPocketShardsGiveTheSingleMachineReports() throws IOException {
        Path home = Path.of(System.getProperty("lottery.home", "..")).toAbsolutePath().normalize();
        RunOptions options = RunOptions.defaults(home).withCacheDir(home.resolve("suite/target/pocket-cache"));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Path s1 = ReportWriter.write(ShardRun.run(home, options, new Shard(1, 2), quiet), reports.resolve("s1"));
        Path s2 = ReportWriter.write(ShardRun.run(home, options, new Shard(2, 2), quiet), reports.resolve("s2"));
        Path whole = ReportWriter.write(Runner.run(home, options, quiet), reports.resolve("whole"));
        Path merged = ReportWriter.write(Merge.merge(List.of(s1, s2)), reports.resolve("merged"));

        // the whole run found the heads the shards trained in the cache: only that flag may differ
        assertThat(cacheFlagsOff(merged.resolve("results.json"))).isEqualTo(cacheFlagsOff(whole.resolve("results.json")))
                .contains("pocket.random-resnet.adversarial");
        assertThat(Files.readString(merged.resolve("results.csv"))).isEqualTo(Files.readString(whole.resolve("results.csv")));
        assertThat(Files.readString(merged.resolve("analysis.json")).replaceAll("\"runId\" : \"[^\"]*\"", ""))
                .isEqualTo(Files.readString(whole.resolve("analysis.json")).replaceAll("\"runId\" : \"[^\"]*\"", ""));
        assertThat(between(merged.resolve("report.md"), "## Accuracy", "## Environment"))
                .isEqualTo(between(whole.resolve("report.md"), "## Accuracy", "## Environment"));
        assertThat(between(merged.resolve("report.html"), "<h2 id=\"accuracy\">", "<h2 id=\"environment\">"))
                .isEqualTo(between(whole.resolve("report.html"), "<h2 id=\"accuracy\">", "<h2 id=\"environment\">"));
    }

    private static String cacheFlagsOff(Path file) throws IOException {
        return Files.readString(file).replaceAll("\"headFromCache\" : (true|false)", "\"headFromCache\" : _");
    }

    /** The part of a report from {@code from} to {@code to}, without its stage times (measured: they differ per run). */
    private static String between(Path file, String from, String to) throws IOException {
        String s = Files.readString(file);
        return s.substring(s.indexOf(from), s.indexOf(to)).replaceAll("(?s)\n## Stage times.*?(?=\n## |\\z)", "")
                .replaceAll("(?s)<h2 id=\"stage-times\">.*?</table>\n", "");
    }
}

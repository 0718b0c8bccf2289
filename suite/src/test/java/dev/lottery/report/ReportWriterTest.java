package dev.lottery.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lottery.features.TempOwner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run folders and latest/ under collisions, concurrency and writers that died. */
class ReportWriterTest {

    @TempDir
    Path dir;

    private static RunResult run(String id, String engine) {
        return SampleRuns.run(id, SampleRuns.scores(), SampleRuns.environment(engine, "cpu()"));
    }

    @Test
    void twoRunsOfOneSecondGetDistinctIdsAndLatestIsTheLaterOne() throws IOException {
        Path first = ReportWriter.write(run("20261203-101500-pocket", "first"), dir);
        Path second = ReportWriter.write(run("20261203-101500-pocket", "second"), dir);
        assertThat(first.getFileName()).hasToString("20261203-101500-pocket");
        assertThat(second.getFileName()).hasToString("20261203-101500-pocket-2");
        assertThat(StoredRun.read(second).runId()).isEqualTo("20261203-101500-pocket-2");
        assertThat(Files.readString(first.resolve(ReportWriter.ENVIRONMENT_JSON))).contains("first")
                .doesNotContain("second");
        assertThat(Files.readString(dir.resolve("latest").resolve(ReportWriter.RUN_JSON)))
                .isEqualTo(Files.readString(second.resolve(ReportWriter.RUN_JSON)));
    }

    @Test
    void concurrentWritersEachGetTheirOwnFolderAndLatestIsOneWholeRun() throws Exception {
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Path>> written = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String engine = "engine-" + i;
            written.add(pool.submit(() -> ReportWriter.write(run("20261203-101500-pocket", engine), dir)));
        }
        List<Path> dirs = new ArrayList<>();
        for (Future<Path> f : written) {
            dirs.add(f.get());
        }
        pool.shutdown();
        assertThat(dirs).doesNotHaveDuplicates().hasSize(writers);
        Path latest = dir.resolve("latest");
        String latestEnv = Files.readString(latest.resolve(ReportWriter.ENVIRONMENT_JSON));
        Path same = dirs.stream().filter(d -> {
            try {
                return Files.readString(d.resolve(ReportWriter.ENVIRONMENT_JSON)).equals(latestEnv);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).findFirst().orElseThrow();
        for (String file : new String[] {ReportWriter.RESULTS_JSON, ReportWriter.RUN_JSON, ReportWriter.REPORT_MD}) {
            assertThat(Files.readString(latest.resolve(file))).as(file).isEqualTo(Files.readString(same.resolve(file)));
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void aPartialFolderOfAWriterThatDiedIsRemovedALiveOnesIsNot() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String host = TempOwner.current().host();
        Path dead = Files.createDirectories(dir.resolve(".20261203-101500-pocket.p" + gone.pid() + "@" + host
                + ".partial"));
        Files.writeString(dead.resolve(ReportWriter.RESULTS_JSON), "{");
        Path live = Files.createDirectories(dir.resolve(".20261203-101501-pocket.p" + ProcessHandle.current().parent()
                .orElseThrow().pid() + "@" + host + ".partial"));
        ReportWriter.write(run("20261203-101502-pocket", "x"), dir);
        assertThat(dead).doesNotExist();
        assertThat(live).exists();
    }
}

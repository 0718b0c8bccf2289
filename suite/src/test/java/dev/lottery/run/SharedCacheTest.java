package dev.lottery.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lottery.features.ContentStore;
import dev.lottery.report.RunResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache shared by several machines (a network filesystem) or processes is safe against
 * concurrent writers: two JVMs started here write the same cache at the same time, and neither
 * ever reads a partial or wrong entry; what they leave is complete and reusable.
 */
class SharedCacheTest {

    @TempDir
    Path dir;

    @Test
    void twoProcessesHammeringTheSameKeysNeverSeeAPartialEntry() throws Exception {
        Path cache = dir.resolve("cache");
        List<Process> ps = new ArrayList<>();
        for (String name : List.of("first", "second")) {
            ps.add(java(CacheHammer.class.getName(), List.of(cache.toString(), "12", name), dir.resolve(name + ".log")));
        }
        for (int i = 0; i < ps.size(); i++) {
            assertThat(finish(ps.get(i))).as(Files.readString(dir.resolve(List.of("first", "second").get(i) + ".log")))
                    .isZero();
        }
        for (String name : List.of("first", "second")) {
            assertThat(Files.readString(dir.resolve(name + ".log"))).contains(name + " reads=").contains("bad=0");
        }
        ContentStore store = new ContentStore(cache);
        for (int k = 0; k < CacheHammer.KEYS; k++) {
            assertThat(store.get("features", CacheHammer.key(k))).get()
                    .satisfies(b -> assertThat(b.matrix("x").rows()).isEqualTo(CacheHammer.ROWS));
        }
        assertThat(store.problems()).isEmpty();
        assertThat(files(cache)).noneMatch(p -> p.endsWith(".tmp"));
    }

    @Test
    void twoRunsSharingOneCacheAgreeAndLeaveItWhole() throws Exception {
        twoRunsOnOneCache(List.of("--frameworks", "pixels"), 3, 2);
    }

    @Test
    void twoFullRunsSharingOneCacheAgree() throws Exception {
        twoRunsOnOneCache(List.of(), 6, 4);
    }

    private void twoRunsOnOneCache(List<String> restrict, int featureSets, int heads) throws Exception {
        Path home = TinyProject.create(dir.resolve("home"), TinyProject.recordOnlyExpectations(), false);
        Path cache = dir.resolve("shared-cache");
        List<Process> ps = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            List<String> args = new ArrayList<>(List.of("run", "--suite", "tiny", "--device", "cpu", "--threads", "2",
                    "--no-progress", "--cache", cache.toString(), "--reports", dir.resolve("reports-" + name).toString()));
            args.addAll(restrict);
            ps.add(java("dev.lottery.cli.Main", args, dir.resolve(name + ".log"), "-Dlottery.home=" + home,
                    "-Dlottery.debug=true"));
        }
        for (String name : List.of("a", "b")) {
            assertThat(finish(ps.remove(0))).as(Files.readString(dir.resolve(name + ".log"))).isZero();
        }
        String a = Files.readString(dir.resolve("reports-a/latest/results.csv"));
        String b = Files.readString(dir.resolve("reports-b/latest/results.csv"));
        assertThat(a).isEqualTo(b).contains("tiny.pixels.shift");
        assertThat(files(cache)).noneMatch(p -> p.endsWith(".tmp"));

        // a third run finds every entry complete: all from the cache, nothing repaired, same numbers
        RunResult third = Runner.run(home, new RunOptions("tiny", restrict.isEmpty() ? null : List.of("pixels"), null,
                null, "cpu", cache, dir.resolve("r3"), 2, false), new PrintStream(new ByteArrayOutputStream()));
        @SuppressWarnings("unchecked")
        Map<String, Object> stats = (Map<String, Object>) third.environment().get("cache");
        assertThat(stats).containsEntry("featureSetsFromCache", featureSets).containsEntry("headsFromCache", heads);
        assertThat(third.notes()).isEmpty();
    }

    private Process java(String mainClass, List<String> args, Path log, String... props) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        for (String p : List.of("TENSORFLOW_LIBRARY_PATH", "ai.djl.offline")) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.addAll(List.of(props));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("DJL_OFFLINE", "true");
        return pb.start();
    }

    private static int finish(Process p) throws InterruptedException {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("child JVM did not finish within 120 s");
        }
        return p.exitValue();
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(Path::toString).toList();
        }
    }
}

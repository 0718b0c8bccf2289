package dev.lottery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data archive: the first {@code run} after a build lists the classes it loads, a JVM of its
 * own then builds the archive from the list into a temp file, renamed into place only when that run succeeded and a
 * JVM could map the file; used by the runs after it; built again when the jar, a library jar or the JVM changes;
 * never the run's exit status. Runs the real {@code lottery} script in a home the test builds (a jar and library jar
 * newer than the sources, so nothing is built) with a {@code java} on the PATH that logs its arguments and plays the
 * three JVMs' parts: it writes the class list and the archive it is asked for, and exits as told.
 */
class LauncherClassDataTest {

    private static final Path LAUNCHER = Path.of(System.getProperty("lottery.home", "..")).resolve("lottery");
    private static final Instant BUILT = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;
    private Path home;
    private Path target;
    private Path calls;

    @BeforeEach
    void buildAHome() throws IOException {
        home = dir.resolve("home");
        target = home.resolve("suite/target");
        Files.createDirectories(target.resolve("lib"));
        Files.createDirectories(home.resolve("suite/src/main"));
        Files.copy(LAUNCHER, home.resolve("lottery"));
        Files.writeString(home.resolve("pom.xml"), "<project/>");
        Files.writeString(home.resolve("suite/pom.xml"), "<project/>");
        Files.writeString(target.resolve("lottery-natives"), "cpu\n");
        for (Path p : List.of(home.resolve("pom.xml"), home.resolve("suite/pom.xml"), home.resolve("suite/src/main"))) {
            Files.setLastModifiedTime(p, FileTime.from(BUILT.minusSeconds(3600)));
        }
        Files.writeString(target.resolve("lottery-suite.jar"), "jar");
        Files.writeString(target.resolve("lib/dep.jar"), "dep");
        Files.setLastModifiedTime(target.resolve("lottery-suite.jar"), FileTime.from(BUILT));
        Files.setLastModifiedTime(target.resolve("lib/dep.jar"), FileTime.from(BUILT));
        calls = dir.resolve("java-calls.log");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = bin.resolve("java");
        // one line per call. It plays the three JVMs: the run lists its classes, -Xshare:dump builds the archive from
        // the list, -Xshare:on is the launcher's check that the archive maps
        Files.writeString(java, """
                #!/usr/bin/env bash
                echo "$*" >> "$FAKE_JAVA_LOG"
                list=""; archive=""; mode=run
                for a in "$@"; do
                  case "$a" in
                    -XX:DumpLoadedClassList=*) list="${a#-XX:DumpLoadedClassList=}" ;;
                    -XX:SharedArchiveFile=*) archive="${a#-XX:SharedArchiveFile=}" ;;
                    -Xshare:dump) mode=dump ;;
                    -Xshare:on) mode=map ;;
                  esac
                done
                case "$mode" in
                  dump) [ -n "${FAKE_JAVA_DUMP_STATUS:-}" ] && exit "$FAKE_JAVA_DUMP_STATUS"
                        printf 'archive' > "$archive"; exit 0 ;;
                  map) exit "${FAKE_JAVA_MAP_STATUS:-0}" ;;
                esac
                if [ -n "${FAKE_JAVA_WAIT:-}" ]; then
                  # a long run: a TERM ends it as the JVM's would, its class list written on the way out
                  trap 'echo TERM >> "$FAKE_JAVA_LOG.signals"; [ -z "$list" ] || echo java/lang/Object > "$list"; exit 143' TERM
                  touch "$FAKE_JAVA_WAIT"
                  sleep 30 & wait
                fi
                [ -z "$list" ] || echo java/lang/Object > "$list"
                exit "${FAKE_JAVA_STATUS:-0}"
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setLastModifiedTime(java, FileTime.from(BUILT.minusSeconds(3600)));
    }

    private record Launch(int status, List<String> javaCalls) {
        /** The suite's own JVM: the call that runs dev.lottery.cli.Main with the command's arguments. */
        String run() {
            return javaCalls.get(0);
        }
    }

    /** The launcher of the test's home on {@code args}, with the fake {@code java} first on the PATH and {@code env}. */
    private ProcessBuilder launcher(Map<String, String> env, String... args) {
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add("bash");
        pb.command().add(home.resolve("lottery").toString());
        pb.command().addAll(List.of(args));
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("LOTTERY_"));
        e.put("PATH", dir.resolve("bin") + java.io.File.pathSeparator + System.getenv("PATH"));
        e.put("FAKE_JAVA_LOG", calls.toString());
        e.putAll(env);
        return pb.redirectErrorStream(true);
    }

    private Launch launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Files.deleteIfExists(calls);
        Process p = launcher(env, args).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(out).isTrue();
        List<String> logged = Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        return new Launch(p.exitValue(), logged);
    }

    private Launch launch(String... args) throws IOException, InterruptedException {
        return launch(Map.of(), args);
    }

    private List<Path> archiveFiles() throws IOException {
        try (Stream<Path> s = Files.list(target)) {
            return s.filter(p -> p.getFileName().toString().startsWith("lottery-cds-")).sorted().toList();
        }
    }

    private Path archive() throws IOException {
        List<Path> files = archiveFiles();
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getFileName().toString()).matches("lottery-cds-cpu-\\d+\\.jsa");
        return files.get(0);
    }

    @Test
    void theFirstRunListsItsClassesAJvmOfItsOwnBuildsTheArchiveAndTheNextRunsMapIt() throws Exception {
        Launch first = launch("run", "--suite", "pocket");
        assertThat(first.status()).isZero();
        assertThat(first.run()).contains("-XX:DumpLoadedClassList=" + target + "/lottery-cds-cpu-")
                .containsPattern("\\.jsa\\.\\d+\\.classes\\.tmp ").doesNotContain("SharedArchiveFile")
                .endsWith("dev.lottery.cli.Main run --suite pocket");
        // then a JVM builds the archive from the list into a temp file, and another maps it before it is taken
        assertThat(first.javaCalls()).hasSize(3);
        assertThat(first.javaCalls().get(1)).contains("-Xshare:dump").containsPattern("-XX:SharedClassListFile=\\S+\\.classes\\.tmp ")
                .containsPattern("-XX:SharedArchiveFile=\\S+\\.jsa\\.\\d+\\.tmp ");
        assertThat(first.javaCalls().get(2)).contains("-Xshare:on").contains("-XX:+VerifySharedSpaces")
                .containsPattern("-XX:SharedArchiveFile=\\S+\\.jsa\\.\\d+\\.tmp ");
        Path archive = archive();
        assertThat(archive).hasContent("archive");

        for (int i = 0; i < 2; i++) {
            Launch next = launch("run");
            assertThat(next.status()).isZero();
            assertThat(next.javaCalls()).hasSize(1);
            assertThat(next.run()).contains("-XX:SharedArchiveFile=" + archive + " ").contains("-XX:+VerifySharedSpaces")
                    .doesNotContain("DumpLoadedClassList");
        }
        // other commands map it too
        assertThat(launch("list").run()).contains("-XX:SharedArchiveFile=" + archive + " ");
        assertThat(archiveFiles()).containsExactly(archive);
    }

    @Test
    void theArchiveNeverDecidesTheRunsExitStatus() throws Exception {
        // the archive cannot be built (a full disk, say): the run still exits 0, and nothing half-built is left
        Launch unbuilt = launch(Map.of("FAKE_JAVA_DUMP_STATUS", "1"), "run");
        assertThat(unbuilt.status()).isZero();
        assertThat(unbuilt.javaCalls()).hasSize(2);
        assertThat(archiveFiles()).singleElement().satisfies(p -> assertThat(p.toString()).endsWith(".jsa.refused"));
        // a failed run keeps its own status and builds nothing
        Files.delete(archiveFiles().get(0));
        Launch failed = launch(Map.of("FAKE_JAVA_STATUS", "3"), "run");
        assertThat(failed.status()).isEqualTo(3);
        assertThat(failed.javaCalls()).hasSize(1);
        assertThat(archiveFiles()).isEmpty();
    }

    @Test
    void anArchiveNoJvmCanMapIsNeverTaken() throws Exception {
        // built, but it does not map (a truncated archive would crash the JVM that maps it)
        Launch unmappable = launch(Map.of("FAKE_JAVA_MAP_STATUS", "1"), "run");
        assertThat(unmappable.status()).isZero();
        assertThat(unmappable.javaCalls()).hasSize(3);
        List<Path> left = archiveFiles();
        assertThat(left).hasSize(1);
        assertThat(left.get(0).getFileName().toString()).endsWith(".jsa.refused");
        // and this JVM is not asked to build one again until the build or the JVM changes
        Launch after = launch("run");
        assertThat(after.run()).doesNotContain("DumpLoadedClassList").doesNotContain("SharedArchiveFile");
        Files.setLastModifiedTime(left.get(0), FileTime.from(BUILT.plusSeconds(10)));
        Files.setLastModifiedTime(target.resolve("lottery-suite.jar"), FileTime.from(BUILT.plusSeconds(20)));
        assertThat(launch("run").run()).contains("DumpLoadedClassList");
    }

    @Test
    void aChangedLibraryJarOrJvmMakesTheNextRunWriteItAgain() throws Exception {
        launch("run");
        Path archive = archive();
        assertThat(launch("run").run()).contains("SharedArchiveFile=" + archive);

        // (times in the past, as a build's are: the archive written now is newer than all of them)
        Files.setLastModifiedTime(archive, FileTime.from(BUILT.plusSeconds(10)));
        Files.setLastModifiedTime(target.resolve("lib/dep.jar"), FileTime.from(BUILT.plusSeconds(20)));
        Launch afterLib = launch("run");
        assertThat(afterLib.run()).contains("DumpLoadedClassList").doesNotContain("SharedArchiveFile");
        assertThat(archive()).isEqualTo(archive);
        assertThat(launch("run").run()).contains("SharedArchiveFile=" + archive);

        Files.setLastModifiedTime(archive, FileTime.from(BUILT.plusSeconds(30)));
        Files.setLastModifiedTime(dir.resolve("bin/java"), FileTime.from(BUILT.plusSeconds(40)));
        assertThat(launch("run").run()).contains("DumpLoadedClassList").doesNotContain("SharedArchiveFile");
        assertThat(launch("run").run()).contains("SharedArchiveFile=" + archive);

        // another JVM binary has its own archive
        Path other = Files.createDirectories(dir.resolve("other-jdk/bin"));
        Files.copy(dir.resolve("bin/java"), other.resolve("java"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Launch withOther = launch(Map.of("PATH", other + java.io.File.pathSeparator + System.getenv("PATH")), "run");
        assertThat(withOther.run()).contains("DumpLoadedClassList");
        assertThat(archiveFiles()).hasSize(2);
    }

    @Test
    void aTermToTheLauncherReachesTheWritingRunAndLeavesNoTempFile() throws Exception {
        Path started = dir.resolve("started");
        Process p = launcher(Map.of("FAKE_JAVA_WAIT", started.toString()), "run")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        for (int i = 0; i < 200 && !Files.exists(started); i++) {
            Thread.sleep(50);
        }
        assertThat(started).exists();
        p.destroy(); // SIGTERM to the launcher, as a CI job's timeout sends it
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        // the run got the signal (it is not left running), and what it wrote on its way out was not taken
        assertThat(Files.readAllLines(Path.of(calls + ".signals"))).containsExactly("TERM");
        assertThat(Files.readAllLines(calls)).hasSize(1);
        assertThat(archiveFiles()).isEmpty();
    }

    @Test
    void aTempFileOfAWriterThatIsGoneIsRemovedByTheNextWriter() throws Exception {
        // a pid no process has here (pid_max is at most 2^22)
        Path stale = target.resolve("lottery-cds-cpu-123.jsa.99999999.tmp");
        Files.writeString(stale, "half an archive");
        Path staleList = target.resolve("lottery-cds-cpu-123.jsa.99999998.classes.tmp");
        Files.writeString(staleList, "java/lang/Object");
        Path live = target.resolve("lottery-cds-cpu-123.jsa." + ProcessHandle.current().pid() + ".tmp");
        Files.writeString(live, "being written");
        launch("run");
        assertThat(stale).doesNotExist();
        assertThat(staleList).doesNotExist();
        assertThat(live).exists(); // its writer is alive
        Files.delete(live);
        assertThat(archive()).hasContent("archive");
    }

    @Test
    void onlyARealRunWritesItAndLotteryCdsZeroTurnsItOff() throws Exception {
        for (String[] args : List.of(new String[] {"list"}, new String[] {"run", "--help"}, new String[] {"run", "-h"},
                new String[] {"--version"})) {
            Launch l = launch(args);
            assertThat(l.run()).as(String.join(" ", args)).doesNotContain("DumpLoadedClassList")
                    .doesNotContain("SharedArchiveFile");
        }
        assertThat(archiveFiles()).isEmpty();

        Map<String, String> off = new HashMap<>(Map.of("LOTTERY_CDS", "0"));
        assertThat(launch(off, "run").run()).doesNotContain("DumpLoadedClassList").doesNotContain("Xlog:cds");
        assertThat(archiveFiles()).isEmpty();
        launch("run");
        archive();
        assertThat(launch(off, "run").run()).doesNotContain("SharedArchiveFile");
    }
}

package dev.lottery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The GPU path as one command: the launcher's {@code --gpu} / {@code LOTTERY_GPU=1} (checked with
 * its dry run, which prints the build and java commands), {@code --device gpu} failing at once
 * without a GPU (this test machine has none), and {@code tools/gpu-check.sh}'s branches without a GPU
 * (no nvidia-smi, or one that cannot reach a driver) and, in its dry run, with one.
 */
class GpuPathTest {

    private static final Path LAUNCHER = Path.of(System.getProperty("lottery.home", "..")).resolve("lottery");

    /** Runs the launcher in dry-run mode: its stdout is the build line (when it would build) and the run line. */
    private static String dryRun(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add("bash");
        pb.command().add(LAUNCHER.toString());
        pb.command().addAll(List.of(args));
        pb.environment().remove("LOTTERY_GPU");
        pb.environment().put("LOTTERY_DRY_RUN", "1");
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static final Path GPU_CHECK = LAUNCHER.resolveSibling("tools").resolve("gpu-check.sh");

    /** Exit status and output of tools/gpu-check.sh with {@code extraPath} first on a PATH that has no nvidia-smi. */
    private record Check(int status, String out) {}

    private static Check gpuCheck(Path extraPath, Map<String, String> env) throws IOException, InterruptedException {
        // this machine's PATH without any folder that holds an nvidia-smi (here: all of it)
        String path = java.util.Arrays.stream(System.getenv("PATH").split(java.io.File.pathSeparator))
                .filter(d -> !d.isEmpty() && !java.nio.file.Files.isExecutable(Path.of(d, "nvidia-smi")))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        ProcessBuilder pb = new ProcessBuilder("bash", GPU_CHECK.toString()).redirectErrorStream(true);
        pb.environment().remove("NVIDIA_SMI");
        pb.environment().remove("GPU_CHECK_DRY_RUN");
        pb.environment().put("PATH", extraPath == null ? path : extraPath + java.io.File.pathSeparator + path);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
        return new Check(p.exitValue(), out);
    }

    private static Path fakeNvidiaSmi(Path dir, String script) throws IOException {
        Path smi = dir.resolve("nvidia-smi");
        java.nio.file.Files.writeString(smi, "#!/bin/sh\n" + script);
        assertThat(smi.toFile().setExecutable(true)).isTrue();
        return dir;
    }

    @Test
    void gpuCheckWithoutNvidiaSmiSaysNoGpuSeenSkipsTheGpuStepsAndExits3() throws Exception {
        long t0 = System.nanoTime();
        Check c = gpuCheck(null, Map.of());
        assertThat(c.status()).as(c.out()).isEqualTo(3);
        assertThat(c.out()).contains("no GPU seen: skipping GPU steps").contains("no nvidia-smi on PATH")
                .containsPattern("java +ok +openjdk version \"(1[7-9]|[2-9][0-9])")
                .containsPattern("maven +ok +Apache Maven")
                // the build (a ~485 MB download of natives) is opt-in without a GPU: nothing was built
                .containsPattern("gpu build +skipped +no GPU seen \\(--build runs it anyway")
                .containsPattern("pocket --device gpu +skipped +no GPU seen")
                .containsPattern("probe bench +skipped").containsPattern("extraction bench +skipped")
                .contains("gpu-check summary").doesNotContain("dry-run");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(30));
    }

    @Test
    void gpuCheckWithAnNvidiaSmiThatCannotReachADriverAlsoSaysNoGpuSeen(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path bin = fakeNvidiaSmi(dir, "echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\"\nexit 9\n");
        Check c = gpuCheck(bin, Map.of());
        assertThat(c.status()).as(c.out()).isEqualTo(3);
        assertThat(c.out()).contains("no GPU seen: skipping GPU steps")
                .containsPattern("gpu +none +nvidia-smi failed: NVIDIA-SMI has failed because it couldn't communicate");
    }

    @Test
    void gpuCheckWithAGpuPlansEveryStepOnTheGpuWithinTheBudget(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path bin = fakeNvidiaSmi(dir, "case \"$1\" in --query-gpu=*) echo \"NVIDIA H100 80GB HBM3, 550.54.15, 81559 MiB\";;\n"
                + "*) echo \"| NVIDIA-SMI 550.54.15   Driver Version: 550.54.15   CUDA Version: 12.4 |\";; esac\n");
        Check c = gpuCheck(bin, Map.of("GPU_CHECK_DRY_RUN", "1"));
        assertThat(c.status()).as(c.out()).isZero();
        assertThat(c.out()).containsPattern("gpu +ok +NVIDIA H100 80GB HBM3, 550.54.15, 81559 MiB, driver's CUDA 12.4");
        List<String> planned = c.out().lines().filter(l -> l.startsWith("dry-run: [")).toList();
        assertThat(planned).hasSize(5);
        assertThat(planned.get(0)).contains("LOTTERY_GPU=1").contains("lottery list --suite pocket");
        assertThat(planned.get(1)).contains("doctor --suite pocket --device gpu");
        assertThat(planned.get(2)).contains("run --device gpu --cache ").contains("--reports ").contains("--no-progress");
        assertThat(planned.get(3)).contains("bench --include ProbeBenchmark").contains("--param device=gpu");
        assertThat(planned.get(4)).contains("bench --include PipelineBenchmark").contains("--param device=gpu")
                .contains("--param width=64");
        // every step's timeout fits the overall deadline, which is under 10 minutes
        for (String l : planned) {
            int timeout = Integer.parseInt(l.replaceAll(".*timeout (\\d+)s.*", "$1"));
            assertThat(timeout).isBetween(30, 570);
        }
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
    }

    @Test
    void gpuFirstArgumentOrLotteryGpuBuildsTheGpuProfileAndRunsOnItsNatives() throws Exception {
        for (String out : List.of(dryRun(Map.of(), "--gpu", "run", "--device", "gpu"),
                dryRun(Map.of("LOTTERY_GPU", "1"), "run", "--device", "gpu"))) {
            // the jar here is a CPU build (or none): switching natives rebuilds, with the gpu profile
            assertThat(line(out, "build: ")).contains("-Pgpu").contains("-DskipTests package");
            String run = line(out, "run: ");
            assertThat(run).contains("-Dlottery.natives=gpu").doesNotContain("TENSORFLOW_LIBRARY_PATH")
                    .endsWith("dev.lottery.cli.Main run --device gpu");
        }
    }

    @Test
    void withoutItTheLauncherPinsTheCpuNatives() throws Exception {
        String out = dryRun(Map.of(), "list");
        assertThat(line(out, "build: ")).doesNotContain("-Pgpu");
        assertThat(line(out, "run: ")).contains("-DTENSORFLOW_LIBRARY_PATH=").contains("tf-native")
                .contains("-Dlottery.natives=cpu").endsWith("dev.lottery.cli.Main list");
    }

    @Test
    void deviceGpuWithoutAGpuFailsAtOnceSayingHowToGetTheGpuBuild() {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        String natives = System.getProperty("lottery.natives");
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setProperty("lottery.natives", "cpu");
            status = Main.execute("run", "--device", "gpu");
            assertThat(status).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("--device gpu: the TensorFlow engine sees no GPU")
                    .contains("with the CPU natives").contains("./lottery --gpu run").contains("LOTTERY_GPU=1");
            // before any work: the suite was not even announced
            assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("running suite");

            err.reset();
            System.setProperty("lottery.natives", "gpu");
            assertThat(Main.execute("run", "--device", "gpu")).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("with the CUDA natives").contains("nvidia-smi");
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            if (natives == null) {
                System.clearProperty("lottery.natives");
            } else {
                System.setProperty("lottery.natives", natives);
            }
        }
    }
}

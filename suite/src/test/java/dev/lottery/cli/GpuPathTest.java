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
 * its dry run, which prints the build and java commands), and {@code --device gpu} failing at once
 * without a GPU (this test machine has none).
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

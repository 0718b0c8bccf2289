package dev.lottery.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lottery.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorTest {

    private static final long AMPLE = Long.MAX_VALUE / 4;

    @TempDir
    Path home;

    private RunOptions options(String device) {
        return new RunOptions("tiny", null, null, null, device, home.resolve(".cache"), home.resolve("reports"), 1, false)
                .withCheckpointsDir(home.resolve("ckpts"));
    }

    private static DoctorCheck named(List<DoctorCheck> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() ->
                new AssertionError("no check '" + name + "' in " + checks));
    }

    @Test
    void aReadyMachinePassesEveryCheckOneLineEach() throws IOException {
        TinyProject.create(home, TinyProject.recordOnlyExpectations(), false);
        List<DoctorCheck> checks = Doctor.check(home, options("cpu"), new Machine(p -> AMPLE, AMPLE));
        assertThat(checks).extracting(DoctorCheck::name).containsExactly("natives load", "engine version",
                "device cpu", "suite tiny", "data train", "data val", "data shift", "disk for features",
                "RAM for training features");
        assertThat(checks).allMatch(DoctorCheck::ok, checks.toString());
        assertThat(named(checks, "engine version").found()).startsWith("TensorFlow ");
        assertThat(named(checks, "data val").found()).startsWith("shards at ");
        assertThat(checks).allSatisfy(c -> assertThat(c.line()).startsWith("ok").doesNotContain("\n"));
    }

    @Test
    void diskAndRamAreEstimatedFromDeclaredCountsTimesFeatureWidthTimesFourBytes() throws IOException {
        TinyProject.create(home, TinyProject.recordOnlyExpectations(), false);
        // pixels: 16x16 gray images = 256 floats; random-resnet at width 2: 2048 x 2 / 64 = 64 floats.
        // 90 + 30 + 20 declared samples each: 140 x (256 + 64) x 4 = 179,200 bytes, plus the largest split
        // (pixels' train, 90 x 256 x 4 = 92,160) again while its segments are joined: 271,360 bytes
        long need = 271_360;
        long train = 92_160;
        assertThat(named(Doctor.check(home, options("cpu"), new Machine(p -> need, train)), "disk for features").ok())
                .isTrue();
        List<DoctorCheck> tight = Doctor.check(home, options("cpu"), new Machine(p -> need - 1, train - 1));
        DoctorCheck disk = named(tight, "disk for features");
        assertThat(disk.ok()).isFalse();
        assertThat(disk.found()).contains("271.4 kB needed").contains("declared counts x feature width x 4 B");
        assertThat(disk.remedy()).contains("--cache");
        DoctorCheck ram = named(tight, "RAM for training features");
        assertThat(ram.ok()).isFalse();
        assertThat(ram.found()).contains("92.2 kB");
        assertThat(ram.line()).startsWith("FAIL").contains("\n      -> ").contains("SSD");
    }

    @Test
    void aMissingSplitAPartialCopyABadCheckpointAndAnUnseenGpuEachFailWithWhatToDo() throws IOException {
        TinyProject.createWithCanary(home, "0".repeat(64));
        try (Stream<Path> files = Files.list(home.resolve("datasets/tiny/shift"))) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(home.resolve("datasets/tiny/shift"));

        List<DoctorCheck> checks = Doctor.check(home, options("gpu"), new Machine(p -> AMPLE, AMPLE));
        DoctorCheck shift = named(checks, "data shift");
        assertThat(shift.ok()).isFalse();
        assertThat(shift.found()).contains("datasets/tiny/shift");
        assertThat(shift.remedy()).contains("--data-root").contains("--dataset-path shift=DIR");
        assertThat(named(checks, "data val").ok()).isTrue();

        DoctorCheck missing = named(checks, "checkpoint canary");
        assertThat(missing.ok()).isFalse();
        assertThat(missing.remedy()).contains("./lottery fetch canary");
        Path target = home.resolve("ckpts/canary/torchvision.pth");
        Files.createDirectories(target.getParent());
        Files.copy(RunnerCheckpointTest.FIXTURE, target);
        DoctorCheck mismatch = named(Doctor.check(home, options("cpu"), new Machine(p -> AMPLE, AMPLE)),
                "checkpoint canary");
        assertThat(mismatch.ok()).isFalse();
        assertThat(mismatch.found()).contains("is pinned to " + "0".repeat(64));

        DoctorCheck gpu = named(checks, "device gpu");
        assertThat(gpu.ok()).as("this test expects a machine without a GPU").isFalse();
        assertThat(gpu.remedy()).contains("./lottery --gpu").contains("--device cpu");
    }

    @Test
    void theDoctorCommandChecksThePocketSuiteAndExitsZeroWhenReady() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            status = Main.execute("doctor", "--device", "cpu", "--cache", home.resolve("cache").toString());
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(status).as(out).isZero();
        assertThat(out).contains("ok    natives load").contains("ok    data adversarial")
                .contains("ok    checkpoint zoo-simclr").contains("sha256 matches its pin")
                .contains("ok    disk for features").contains("this machine is ready for a 'pocket' run");
    }
}

package dev.lottery.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lottery.analysis.Status;
import dev.lottery.catalog.BackboneKind;
import dev.lottery.catalog.Catalog;
import dev.lottery.catalog.Fixture;
import dev.lottery.catalog.Framework;
import dev.lottery.catalog.Suite;
import dev.lottery.report.FixtureResult;
import dev.lottery.report.RunResult;
import dev.lottery.run.RunOptions;
import dev.lottery.run.Runner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The paper suite's declarations always load; its fixtures run only where ImageNet (LOTTERY_DATA)
 * and the checkpoints (LOTTERY_CHECKPOINTS or .cache/checkpoints, see ./lottery fetch) are present,
 * and are skipped with the reason otherwise.
 */
class PaperSuiteTest {

    static final Path HOME = Path.of(System.getProperty("lottery.home", "..")).toAbsolutePath().normalize();

    @Test
    void declarationsLoad() {
        Suite paper = Catalog.load(HOME, "paper");
        assertThat(paper.frameworks()).extracting(Framework::id).containsExactly("deepclusterv2", "selav2", "swav",
                "simclr", "moco", "pcl", "byol", "simsiam", "obow", "dino", "barlowtwins", "vicreg", "supervised",
                "random-init");
        // under augmented (the official numbers' protocol) and center; the canary's own classifier under center only
        assertThat(paper.protocols()).extracting(dev.lottery.catalog.Protocol::id).containsExactly("augmented", "center");
        assertThat(paper.fixtures()).hasSize(13 * 7 + 14 * 7);
        Fixture swav = paper.fixtures().stream().filter(f -> f.id().equals("swav@augmented/imagenet-val")).findFirst()
                .orElseThrow();
        assertThat(swav.expectation().expected()).isEqualTo(75.3);
        assertThat(swav.expectation().allowance()).isEqualTo(0.5);
        assertThat(paper.onlyProtocols(java.util.List.of("center")).fixtures()).hasSize(14 * 7);
        assertThat(paper.train().id()).isEqualTo("imagenet-train");
        Fixture canaryVal = paper.fixtures().stream()
                .filter(f -> f.id().equals("supervised/imagenet-val")).findFirst().orElseThrow();
        assertThat(canaryVal.expectation().expected()).isEqualTo(76.13);
        assertThat(canaryVal.expectation().allowance()).isEqualTo(0.3);
        assertThat(paper.fixtures().stream().filter(f -> f.framework().id().equals("supervised"))
                .filter(f -> f.expectation().expected() != null)).hasSize(6);
    }

    @Test
    void paperFixturesPass() throws IOException {
        String data = System.getenv("LOTTERY_DATA");
        assumeTrue(data != null && Files.isDirectory(Path.of(data)),
                "paper fixtures skipped: LOTTERY_DATA does not point at an ImageNet folder (train, val, variants)");
        Path checkpoints = RunOptions.defaultCheckpointsDir(HOME);
        Suite paper = Catalog.load(HOME, "paper");
        List<String> missing = paper.frameworks().stream().filter(f -> f.backbone() == BackboneKind.CHECKPOINT)
                .filter(f -> !Files.isRegularFile(RunOptions.checkpointFile(checkpoints, f.id(), f.checkpointUrl())))
                .map(Framework::id).toList();
        assumeTrue(missing.isEmpty(), "paper fixtures skipped: checkpoints missing under " + checkpoints + " for "
                + missing + " (run ./lottery fetch)");
        RunOptions d = RunOptions.defaults(HOME);
        RunResult r = Runner.run(HOME, new RunOptions("paper", null, null, null, "auto", d.cacheDir(), d.reportsDir(),
                d.threads(), false).withCheckpointsDir(checkpoints).withData(Path.of(data), Map.of(), null, false),
                System.out);
        assertThat(r.fixtures()).filteredOn(f -> f.status() == Status.FAIL).extracting(FixtureResult::framework)
                .isEmpty();
    }
}

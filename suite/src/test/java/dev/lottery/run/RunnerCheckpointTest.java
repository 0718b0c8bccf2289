package dev.lottery.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lottery.analysis.Status;
import dev.lottery.backbone.checkpoint.Fetcher;
import dev.lottery.report.RunResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Runner's CHECKPOINT case on the tiny project, with the PyTorch-written width-2 fixture as checkpoint. */
class RunnerCheckpointTest {

    static final Path FIXTURE = Path.of("src/test/resources/checkpoints/torchvision.pth");

    @TempDir
    Path home;

    @BeforeEach
    void project() throws IOException {
        TinyProject.createWithCanary(home, "unknown");
    }

    private void lock(String sha) throws IOException {
        TinyProject.lockCanary(home, sha);
    }

    private RunResult run() throws IOException {
        RunOptions o = new RunOptions("tiny", null, null, null, "cpu", home.resolve(".cache"), home.resolve("reports"),
                2, false).withCheckpointsDir(home.resolve("ckpts"));
        return Runner.run(home, o, new PrintStream(new ByteArrayOutputStream()));
    }

    private void place() throws IOException {
        Path target = home.resolve("ckpts/canary/torchvision.pth");
        Files.createDirectories(target.getParent());
        Files.copy(FIXTURE, target);
    }

    @Test
    void aMissingCheckpointSaysHowToFetchIt() {
        assertThatThrownBy(this::run).hasMessageContaining("ckpts/canary/torchvision.pth")
                .hasMessageContaining("./lottery fetch canary");
    }

    @SuppressWarnings("unchecked")
    @Test
    void aCheckpointFrameworkRunsAndReportsItsDigest() throws IOException {
        place();
        RunResult r = run();
        assertThat(r.fixtures()).hasSize(2).allMatch(f -> f.status() == Status.RECORDED);
        assertThat(r.fixtures().get(0).score()).isBetween(0.0, 100.0);
        String sha = Fetcher.sha256(FIXTURE);
        Map<String, String> digests = (Map<String, String>) r.environment().get("checkpointDigests");
        assertThat(digests.get("canary")).startsWith(sha).contains("not pinned");
        Map<String, String> backbones = (Map<String, String>) r.environment().get("backbones");
        assertThat(backbones.get("canary")).contains(sha).contains("keymap=torchvision");
    }

    @SuppressWarnings("unchecked")
    @Test
    void aDeclaredPaddingIsPartOfTheFeatureKeySoCachedFeaturesOfTheOtherPaddingAreNotReused() throws IOException {
        place();
        RunResult first = run();
        Path frameworks = home.resolve("suite/catalog/frameworks.csv");
        String text = Files.readString(frameworks);
        Files.writeString(frameworks, text.replaceFirst("routine,note\n", "routine,note,padding\n")
                .replace("torchvision,rgb,fast,\n", "torchvision,rgb,fast,,tf-same\n")
                .replace(",fast,\n", ",fast,,\n"));
        RunResult second = run();
        String before = ((Map<String, String>) first.environment().get("backbones")).get("canary");
        String after = ((Map<String, String>) second.environment().get("backbones")).get("canary");
        assertThat(before).doesNotContain("padding=");
        assertThat(after).contains("padding=tf-same").isNotEqualTo(before);
        try (var files = Files.walk(home.resolve(".cache/features"))) {
            // train + two variants per padding (val and shift read separate folders); each entry's provenance beside it
            List<Path> entries = files.filter(p -> p.toString().endsWith(".bin")).toList();
            assertThat(entries).hasSize(6)
                    .allSatisfy(e -> assertThat(dev.lottery.features.ContentStore.provenanceBeside(e)).isRegularFile());
        }
    }

    @Test
    void aDeclaredPathWithoutSchemeIsAFileInTheProjectNotInTheCheckpointsDir() throws IOException {
        Path frameworks = home.resolve("suite/catalog/frameworks.csv");
        Files.writeString(frameworks, Files.readString(frameworks)
                .replace("https://example.invalid/models/torchvision.pth", "zoo/canary/torchvision.pth"));
        assertThat(RunOptions.checkpointFile(home, home.resolve("ckpts"), "canary", "zoo/canary/torchvision.pth"))
                .isEqualTo(home.resolve("zoo/canary/torchvision.pth"));
        assertThat(RunOptions.checkpointFile(home, home.resolve("ckpts"), "canary", "https://x.invalid/a/t.pth"))
                .isEqualTo(home.resolve("ckpts/canary/t.pth"));
        assertThatThrownBy(this::run).hasMessageContaining("zoo/canary/torchvision.pth");
        Files.createDirectories(home.resolve("zoo/canary"));
        Files.copy(FIXTURE, home.resolve("zoo/canary/torchvision.pth"));
        RunResult r = run();
        assertThat(r.fixtures()).hasSize(2).allMatch(f -> f.score() >= 0 && f.score() <= 100);
    }

    @Test
    void aPinnedDigestThatDiffersIsRefused() throws IOException {
        place();
        lock("ab".repeat(32));
        assertThatThrownBy(this::run).hasMessageContaining("pinned to " + "ab".repeat(32))
                .hasMessageContaining("refusing");
    }

    @Test
    void theOwnClassifierMustFitTheVariantsClasses() throws IOException {
        place();
        Path frameworks = home.resolve("suite/catalog/frameworks.csv");
        Files.writeString(frameworks, Files.readString(frameworks).replace("torchvision,rgb,fast,", "torchvision,rgb,pretrained,"));
        // the fixture's fc has 10 classes; the tiny dataset has 3
        assertThatThrownBy(this::run).hasMessageContaining("classifies 10 classes; the variants have 3");
    }

    /** The suite's frameworks, every fixture record-only. */
    private void frameworks(String list) throws IOException {
        Path suite = home.resolve("suite/catalog/suites/tiny.properties");
        Files.writeString(suite, Files.readString(suite).replace("frameworks=canary", "frameworks=" + list));
        StringBuilder rows = new StringBuilder(TinyProject.EXPECTED_HEADER);
        for (String f : list.split(",")) {
            rows.append(f).append(",val,top1,record-only,,test\n").append(f).append(",shift,subset-top1,record-only,,test\n");
        }
        TinyProject.write(home, "expected-results/tiny.csv", rows.toString());
    }

    @Test
    void aBadCheckpointStopsTheRunBeforeAnyExtraction() throws IOException {
        place();
        lock("ab".repeat(32));
        frameworks("pixels,random-resnet,canary");
        assertThatThrownBy(this::run).hasMessageContaining("refusing");
        assertThat(home.resolve(".cache/features")).doesNotExist();
    }

    @Test
    void aFrameworkFailingMidRunCostsNoOtherAndTheReportSaysSo() throws IOException {
        place();
        // declared width 3, but the file holds a width-2 network: found when the backbone opens
        Path decl = home.resolve("suite/catalog/frameworks.csv");
        Files.writeString(decl, Files.readString(decl).replace("canary,Canary,supervised,checkpoint,2,",
                "canary,Canary,supervised,checkpoint,3,"));
        frameworks("canary,pixels");
        RunResult r = run();
        assertThat(r.fixtures()).extracting(f -> f.framework()).containsOnly("pixels").hasSize(2);
        assertThat(r.failedFrameworks()).containsOnlyKeys("canary");
        assertThat(r.failedFrameworks().get("canary")).contains("declares width 3");
        assertThat(r.notes()).anyMatch(n -> n.contains("framework 'canary' failed"));
        assertThat(r.exitCode()).isEqualTo(2);
        Path dir = dev.lottery.report.ReportWriter.write(r, home.resolve("reports"));
        assertThat(dev.lottery.report.StoredRun.read(dir).failedFrameworks()).isEqualTo(r.failedFrameworks());
        assertThat(Files.readString(dir.resolve("report.md"))).contains("framework 'canary' failed");
    }

    @Test
    void everyProblemFoundBeforeTheRunIsListedAtOnce() throws IOException {
        place();
        lock("ab".repeat(32));
        frameworks("pixels,canary");
        Files.delete(home.resolve("datasets/tiny/shift/shard-000000.tar.gz"));
        assertThatThrownBy(this::run).hasMessageContaining("2 problems found before any work")
                .hasMessageContaining("refusing").hasMessageContaining("shift");
        assertThat(home.resolve(".cache/features")).doesNotExist();
    }

    @Test
    void tooLittleDiskForTheFeaturesIsSaidBeforeAnyWork() throws IOException {
        place();
        frameworks("random-resnet,canary");
        var suite = dev.lottery.catalog.Catalog.load(home, "tiny");
        RunOptions o = new RunOptions("tiny", null, null, null, "cpu", home.resolve(".cache"), home.resolve("reports"),
                2, false).withCheckpointsDir(home.resolve("ckpts"));
        FeatureStage stage = new FeatureStage(new dev.lottery.features.ContentStore(o.cacheDir()), 1,
                new Progress(false, new PrintStream(new ByteArrayOutputStream())));
        assertThatThrownBy(() -> Preflight.check(suite, home, o, stage,
                v -> dev.lottery.run.SplitLocator.spec(v, null, null, null), 1000))
                .hasMessageContaining("has 0.0 GiB free").hasMessageContaining("--cache");
        assertThat(Preflight.check(suite, home, o, stage, v -> SplitLocator.spec(v, null, null, null), 1L << 40)
                .frameworks()).containsKeys("random-resnet", "canary");
    }
}

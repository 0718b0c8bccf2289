package dev.lottery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The command line against the shipped declarations (lottery.home is the project root under surefire). */
class MainTest {

    private static CliRun.Outcome execute(String... args) {
        return CliRun.execute(args);
    }

    @Test
    void listPrintsEveryPocketFixtureWithItsExpectation() {
        CliRun.Outcome o = execute("list");
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("Suite pocket: 50 fixtures (10 frameworks x 5 variants)")
                .contains("pocket.pixels.val").contains("pocket.random-resnet.adversarial")
                .containsPattern("pocket\\.pixels\\.val\\s+routine=barlowtwins\\s+\\d+\\.\\d\\d ± \\d+\\.\\d\\d top1");
    }

    @Test
    void anUnknownSuiteExitsWithTwoAndSaysWhy() {
        CliRun.Outcome o = execute("run", "--suite", "nope");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("nope.properties: suite not declared").contains("known suites: [paper, pocket, pocket-protocols]");
    }

    @Test
    void anUnknownFrameworkIsRejectedBeforeAnyWork() {
        CliRun.Outcome o = execute("run", "--frameworks", "dino");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("no framework(s) [dino]").contains("pixels");
    }

    @Test
    void anEmptyFrameworkSelectionExitsWithTwo() {
        CliRun.Outcome o = execute("run", "--frameworks", ",");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("selects no fixture");
    }

    @Test
    void anErrorPrintsItsCauseChainOneLineEachAndAStackTraceOnlyWithDebug(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        byte[] zip = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("src/test/resources/checkpoints/moco.pth"));
        java.nio.file.Path truncated = dir.resolve("truncated.pth");
        java.nio.file.Files.write(truncated, java.util.Arrays.copyOf(zip, zip.length / 2));
        java.nio.file.Files.createDirectories(dir.resolve("imgs"));
        String[] args = {"extract", "--checkpoint", truncated.toString(), "--keymap", "moco", "--images",
            dir.resolve("imgs").toString(), "--out", dir.resolve("f.npy").toString(), "--device", "cpu"};
        CliRun.Outcome o = execute(args);
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains(truncated.toString()).containsPattern("lottery: caused by: \\w*Exception: \\S")
                .doesNotContain("\tat ");
        String[] debug = java.util.Arrays.copyOf(args, args.length + 1);
        debug[args.length] = "--debug";
        assertThat(execute(debug).err()).contains("\tat dev.lottery.");
    }

    @Test
    void aCauseWithoutAMessageIsNamedByItsType() {
        var e = new java.io.UncheckedIOException("cannot write cache entry /c/x.bin",
                new java.io.IOException("No space left on device"));
        assertThat(Main.causeChain(e)).containsExactly("cannot write cache entry /c/x.bin",
                "caused by: IOException: No space left on device");
        var gz = new IllegalStateException("shard s.tar.gz is truncated or corrupt after 3 samples: null",
                new java.io.EOFException());
        assertThat(Main.causeChain(gz)).containsExactly(gz.getMessage(), "caused by: EOFException");
    }

    @Test
    void extractCountsListsAndSkipsAnUndecodableImageAndExitsOne(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.nio.file.Path images = java.nio.file.Files.createDirectories(dir.resolve("imgs"));
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(20, 24,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(img, "png", images.resolve("a.png").toFile());
        java.nio.file.Files.writeString(images.resolve("b.png"), "not an image");
        java.nio.file.Path out = dir.resolve("f.npy");
        String[] args = {"extract", "--checkpoint", "src/test/resources/checkpoints/moco-legacy.pth",
            "--keymap", "moco", "--images", images.toString(), "--out", out.toString(),
            "--preprocess", "pocket-rgb", "--device", "cpu", "--cache", dir.resolve("cache").toString()};
        CliRun.Outcome o = execute(args);
        assertThat(o.status()).as(o.err()).isEqualTo(1);
        assertThat(o.out()).contains("1 x 64 features").contains("1 image(s) could not be used").contains("b.png");
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("f.txt"))).containsExactly("a.png");
        String[] allow = java.util.Arrays.copyOf(args, args.length + 1);
        allow[args.length] = "--allow-bad-images";
        assertThat(execute(allow).status()).isZero();
    }

    @Test
    void gpuWithoutAGpuIsAClearError() {
        CliRun.Outcome o = execute("run", "--device", "gpu", "--frameworks", "pixels");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).containsIgnoringCase("gpu");
    }

    @Test
    void extractWritesFeaturesAndPathsAndFetchRejectsUnknownFrameworks(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.nio.file.Path images = dir.resolve("imgs");
        java.nio.file.Files.createDirectories(images);
        for (String n : new String[] {"b.png", "a.png"}) {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(20, 24,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            img.setRGB(3, 4, n.hashCode());
            javax.imageio.ImageIO.write(img, "png", images.resolve(n).toFile());
        }
        java.nio.file.Path out = dir.resolve("f.npy");
        CliRun.Outcome o = execute("extract", "--checkpoint", "src/test/resources/checkpoints/moco-legacy.pth",
                "--keymap", "moco", "--images", images.toString(), "--out", out.toString(),
                "--preprocess", "pocket-rgb", "--device", "cpu", "--cache", dir.resolve("cache").toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("2 x 64 features");
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("f.txt"))).containsExactly("a.png", "b.png");
        CliRun.Outcome wrong = execute("extract", "--checkpoint", "src/test/resources/checkpoints/moco.pth",
                "--keymap", "swav", "--images", images.toString(), "--out", out.toString());
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.err()).contains("right --keymap");
        CliRun.Outcome fetch = execute("fetch", "pixels");
        assertThat(fetch.status()).isEqualTo(2);
        assertThat(fetch.err()).contains("'pixels' is not a declared checkpoint framework").contains("dino");
    }
}

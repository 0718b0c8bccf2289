package dev.lottery.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens {@code report.html} in headless Chromium, offline, and checks what it shows: the DOM the
 * browser built (charts, tables, names) and a screenshot (the status colours are really painted).
 * Skipped, saying why, when {@code /usr/bin/chromium} is absent (Debian package {@code chromium}).
 */
class HtmlReportChromiumTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    static Path dir;

    static Path html;

    @BeforeAll
    static void writeReport() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium not installed at " + CHROMIUM
                + " (apt-get install chromium); the browser test of report.html is skipped");
        RunResult run = SampleRuns.run("r1", SampleRuns.scores(), SampleRuns.environment("2.16", "cpu()"));
        Path written = ReportWriter.write(run, dir.resolve("reports"));
        html = written.resolve(ReportWriter.REPORT_HTML);
    }

    @Test
    void theBrowserBuildsEveryChartAndTable() throws Exception {
        String dom = chromium("--dump-dom", html.toUri().toString());
        assertThat(dom).contains("<svg id=\"accuracy-matrix\"", "<svg id=\"scatter-v2\"", "<svg id=\"scatter-sketch\"",
                "<svg id=\"rank-bump\"", "id=\"aggregate-table\"", "id=\"lottery-table\"", "id=\"environment-table\"");
        assertThat(dom).contains("gamma&lt;&amp;&gt;").contains("1 pass").contains("1 fail").contains("7 recorded");
        assertThat(dom).contains("engine.version").contains("2.16");
        assertThat(dom).doesNotContain("<parsererror");
    }

    @Test
    void theScreenshotShowsPassAndFailColours() throws Exception {
        Path png = dir.resolve("report.png");
        chromium("--screenshot=" + png, "--window-size=1200,900", html.toUri().toString());
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(1200);
        assertThat(pixelsNear(img, 0x1a7f37)).as("pass green painted").isGreaterThan(40);
        assertThat(pixelsNear(img, 0xcf222e)).as("fail red painted").isGreaterThan(40);
        assertThat(pixelsNear(img, 0x0969da)).as("a fitted line painted").isGreaterThan(0);
    }

    @Test
    void theComparePageShowsTheDrift() throws Exception {
        Comparison c = new Comparison("now", "then", "a", "b", List.of(
                new FixtureDrift("alpha", "val", 80.0, 80.1, 0.1, 2.0, false, 0.5, "declared", false, List.of()),
                new FixtureDrift("beta", "v2", 60.0, 57.0, -3.0, 2.0, true, 0.5, "default", true,
                        List.of("device: cpu() -> gpu(0)"))),
                List.of("device: cpu() -> gpu(0)"));
        Path out = Files.createDirectories(dir.resolve("compare"));
        CompareReport.write(c, out);
        String dom = chromium("--dump-dom", out.resolve(CompareReport.COMPARE_HTML).toUri().toString());
        assertThat(dom).contains("<svg id=\"drift-chart\"").contains("DRIFT in 1 fixture(s).")
                .contains("data-fixture=\"beta/v2\"").contains("device: cpu() -&gt; gpu(0)");
        Path png = dir.resolve("compare.png");
        chromium("--screenshot=" + png, "--window-size=1000,500", out.resolve(CompareReport.COMPARE_HTML).toUri().toString());
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(pixelsNear(img, 0xcf222e)).as("drift red painted").isGreaterThan(40);
    }

    private static int pixelsNear(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                int d = Math.abs(((p >> 16) & 255) - ((rgb >> 16) & 255)) + Math.abs(((p >> 8) & 255) - ((rgb >> 8) & 255))
                        + Math.abs((p & 255) - (rgb & 255));
                n += d < 12 ? 1 : 0;
            }
        }
        return n;
    }

    private static String chromium(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "chromium", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 60 s: " + cmd);
        }
        assertThat(p.exitValue()).as("chromium exit status for " + cmd).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}

package dev.lottery.backbone.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a local HTTP server (127.0.0.1 only) started by the test. */
class FetcherTest {

    @TempDir
    Path dir;

    HttpServer server;
    byte[] body;
    String sha;
    final List<String> ranges = new ArrayList<>();
    boolean honourRange = true;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        body = new byte[300_000];
        new SplittableRandom(3).nextBytes(body);
        sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ckpt.pth", exchange -> {
            String range = exchange.getRequestHeaders().getFirst("Range");
            ranges.add(String.valueOf(range));
            int from = 0;
            if (range != null && honourRange) {
                from = Integer.parseInt(range.replace("bytes=", "").replace("-", ""));
                exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/"
                        + body.length);
                exchange.sendResponseHeaders(206, body.length - from);
            } else {
                exchange.sendResponseHeaders(200, body.length);
            }
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, from, body.length - from);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ckpt.pth");
    }

    Fetcher fetcher() {
        return new Fetcher(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownDigestIsComputedAndReportedAsRecorded() throws IOException {
        Path target = dir.resolve("moco/ckpt.pth");
        Fetcher.Result r = fetcher().fetch(url(), target, null);
        assertThat(r.outcome()).isEqualTo(Fetcher.Outcome.RECORDED);
        assertThat(r.sha256()).isEqualTo(sha);
        assertThat(r.downloaded()).isTrue();
        assertThat(Files.readAllBytes(target)).isEqualTo(body);
        assertThat(target.resolveSibling("ckpt.pth.part")).doesNotExist();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("downloading of 0.3 MB");
        // a second fetch only re-hashes the file
        Fetcher.Result again = fetcher().fetch(url(), target, sha);
        assertThat(again.outcome()).isEqualTo(Fetcher.Outcome.VERIFIED);
        assertThat(again.downloaded()).isFalse();
        assertThat(ranges).hasSize(1);
    }

    @Test
    void aPartialDownloadIsResumedWithARangeRequest() throws IOException {
        Path target = dir.resolve("ckpt.pth");
        Files.write(dir.resolve("ckpt.pth.part"), Arrays.copyOf(body, 123_456));
        Fetcher.Result r = fetcher().fetch(url(), target, sha);
        assertThat(ranges).containsExactly("bytes=123456-");
        assertThat(r.resumed()).isTrue();
        assertThat(r.outcome()).isEqualTo(Fetcher.Outcome.VERIFIED);
        assertThat(Files.readAllBytes(target)).isEqualTo(body);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("resuming at 0.1 MB");
    }

    @Test
    void aServerIgnoringRangeRestartsTheDownload() throws IOException {
        honourRange = false;
        Path target = dir.resolve("ckpt.pth");
        Files.write(dir.resolve("ckpt.pth.part"), new byte[1000]); // junk that must not survive
        Fetcher.Result r = fetcher().fetch(url(), target, sha);
        assertThat(r.resumed()).isFalse();
        assertThat(Files.readAllBytes(target)).isEqualTo(body);
    }

    @Test
    void aMismatchIsRefusedShowingBothDigests() {
        String pinned = "0".repeat(64);
        Path target = dir.resolve("ckpt.pth");
        assertThatThrownBy(() -> fetcher().fetch(url(), target, pinned))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("SHA-256 mismatch")
                .hasMessageContaining(pinned)
                .hasMessageContaining(sha)
                .hasMessageContaining("refusing");
        assertThat(target).doesNotExist();
        assertThat(dir.resolve("ckpt.pth.part")).doesNotExist();
    }

    @Test
    void anHttpErrorIsNamed() {
        URI missing = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/nothing.pth");
        assertThatThrownBy(() -> fetcher().fetch(missing, dir.resolve("x.pth"), null))
                .hasMessageContaining("HTTP 404").hasMessageContaining("nothing.pth");
    }
}

package dev.lottery.backbone.checkpoint;

import dev.lottery.io.Digests;
import dev.lottery.io.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Downloads one checkpoint artifact with progress, resumes a partial download ({@code <file>.part},
 * HTTP Range), and verifies its SHA-256. A pinned digest that does not match is refused (both
 * digests shown, the download discarded); with no pinned digest the computed one is returned so
 * that the caller can record it.
 */
public final class Fetcher {

    /** How a fetch ended. */
    public enum Outcome {
        /** The file matches the pinned digest. */
        VERIFIED,
        /** No digest was pinned: this one was computed from the download, not verified. */
        RECORDED
    }

    public record Result(Path file, String sha256, long bytes, Outcome outcome, boolean downloaded, boolean resumed) {}

    private final HttpClient http;
    private final PrintStream log;

    public Fetcher(PrintStream log) {
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        this.log = log;
    }

    /**
     * Makes {@code target} hold the artifact at {@code url}. {@code pinned} is the expected SHA-256,
     * or null when not yet known. An existing complete {@code target} is only re-hashed.
     */
    public Result fetch(URI url, Path target, String pinned) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            boolean downloaded = false;
            boolean resumed = false;
            if (!Files.isRegularFile(target)) {
                Path part = target.resolveSibling(target.getFileName() + ".part");
                resumed = download(url, part);
                String sha = sha256(part);
                check(url, part, pinned, sha, true);
                AtomicFiles.publish(part, target);
                downloaded = true;
            }
            String sha = sha256(target);
            check(url, target, pinned, sha, false);
            return new Result(target, sha, Files.size(target), pinned == null ? Outcome.RECORDED : Outcome.VERIFIED,
                    downloaded, resumed);
        } catch (IOException e) {
            throw new UncheckedIOException("fetching " + url + " to " + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching " + url, e);
        }
    }

    private static void check(URI url, Path file, String pinned, String sha, boolean discard) throws IOException {
        if (pinned != null && !pinned.equals(sha)) {
            if (discard) {
                Files.deleteIfExists(file);
            }
            throw new CheckpointException("SHA-256 mismatch for " + url + ": the lock file pins " + pinned
                    + ", the " + (discard ? "download" : "file " + file) + " has " + sha
                    + (discard ? " (download discarded)" : " (delete it or fix the lock file)") + "; refusing it");
        }
    }

    /** Downloads into {@code part}, continuing it when the server honours Range; returns whether it resumed. */
    private boolean download(URI url, Path part) throws IOException, InterruptedException {
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(30)).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        boolean resumed = status == 206 && have > 0;
        if (status == 416 && have > 0) {
            // the part is already complete (server has nothing beyond it)
            response.body().close();
            return true;
        }
        if (status != 200 && status != 206) {
            response.body().close();
            throw new CheckpointException("GET " + url + " answered HTTP " + status);
        }
        if (!resumed) {
            have = 0;
        }
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        long expected = total < 0 ? -1 : total + have;
        log.printf("  %s: %s%s%n", part.getFileName().toString().replace(".part", ""),
                resumed ? "resuming at " + mb(have) : "downloading", expected > 0 ? " of " + mb(expected) : "");
        try (InputStream in = response.body();
                OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE,
                        resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buf = new byte[1 << 16];
            long done = have;
            long lastReport = System.nanoTime();
            int r;
            while ((r = in.read(buf)) >= 0) {
                out.write(buf, 0, r);
                done += r;
                if (System.nanoTime() - lastReport > 2_000_000_000L) {
                    lastReport = System.nanoTime();
                    log.printf("    %s%s%n", mb(done), expected > 0 ? String.format(" / %s (%d%%)", mb(expected),
                            done * 100 / expected) : "");
                }
            }
            if (expected > 0 && done != expected) {
                throw new CheckpointException("download of " + url + " ended at " + done + " of " + expected
                        + " bytes; run fetch again to resume");
            }
        }
        return resumed;
    }

    public static String sha256(Path file) throws IOException {
        return Digests.sha256Hex(file);
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }
}

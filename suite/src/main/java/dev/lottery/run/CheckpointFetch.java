package dev.lottery.run;

import dev.lottery.backbone.checkpoint.Fetcher;
import dev.lottery.catalog.BackboneKind;
import dev.lottery.catalog.Catalog;
import dev.lottery.catalog.Framework;
import dev.lottery.catalog.LockFile;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Brings declared checkpoints into {@code <checkpoints>/<framework>/}: downloads each (resuming a
 * partial one) and checks its SHA-256 against the lock file; a checkpoint with no pinned digest
 * has the computed one recorded in the lock file (to be committed). An artifact committed in the
 * repository (the pocket zoo) is not downloaded, only checked.
 */
public final class CheckpointFetch {

    /** What fetching one framework's checkpoint came to; {@code message} says it in one line. */
    public record Fetched(String framework, boolean ok, String message) {}

    private final Path home;
    private final Path dir;
    private final Map<String, LockFile.Entry> lock;
    private final Fetcher fetcher;

    /**
     * @param checkpointsDir the checkpoint folder, or null for the default ({@link RunOptions#defaultCheckpointsDir})
     * @param progress       where the downloads' progress goes
     */
    public CheckpointFetch(Path home, Path checkpointsDir, PrintStream progress) {
        this.home = home;
        this.dir = checkpointsDir != null ? checkpointsDir : RunOptions.defaultCheckpointsDir(home);
        // read once: a row recorded by this fetch is still "new" in the messages
        this.lock = LockFile.read(home);
        this.fetcher = new Fetcher(progress);
    }

    /**
     * The checkpoint frameworks named by {@code ids} in that order, or every declared one when
     * {@code ids} is null or empty. A name that is no declared checkpoint framework is an
     * {@link IllegalArgumentException} listing the declared ones.
     */
    public static List<Framework> chosen(Path home, List<String> ids) {
        Map<String, Framework> declared = Catalog.frameworks(home);
        List<Framework> chosen = new ArrayList<>();
        if (ids == null || ids.isEmpty()) {
            declared.values().stream().filter(f -> f.backbone() == BackboneKind.CHECKPOINT).forEach(chosen::add);
            return chosen;
        }
        for (String id : ids) {
            Framework f = declared.get(id);
            if (f == null || f.backbone() != BackboneKind.CHECKPOINT) {
                throw new IllegalArgumentException("'" + id + "' is not a declared checkpoint framework; declared: "
                        + declared.values().stream().filter(x -> x.backbone() == BackboneKind.CHECKPOINT)
                                .map(Framework::id).toList());
            }
            chosen.add(f);
        }
        return chosen;
    }

    /** Fetches (or, when committed in the repository, checks) one checkpoint; a failure is an outcome, not thrown. */
    public Fetched fetch(Framework f) {
        String sha = f.sha256().isEmpty() ? null : f.sha256();
        if (RunOptions.inRepository(f.checkpointUrl())) {
            return verifyCommitted(f, RunOptions.checkpointFile(home, dir, f.id(), f.checkpointUrl()), sha);
        }
        Path target = RunOptions.checkpointFile(dir, f.id(), f.checkpointUrl());
        try {
            Fetcher.Result r = fetcher.fetch(URI.create(f.checkpointUrl()), target, sha);
            if (r.outcome() == Fetcher.Outcome.RECORDED) {
                LockFile.record(home, f.id(), target.getFileName().toString(), r.sha256(), r.bytes(),
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                return new Fetched(f.id(), true, "digest was unknown; RECORDED (not verified) " + r.sha256() + " in "
                        + LockFile.path(home) + (lock.get(f.id()) == null ? " (new row)" : "")
                        + " -- commit it to pin this artifact");
            }
            return new Fetched(f.id(), true, "verified " + r.sha256() + " (" + r.bytes() + " bytes"
                    + (r.resumed() ? ", resumed" : "") + (r.downloaded() ? "" : ", already present") + ")");
        } catch (RuntimeException e) {
            return new Fetched(f.id(), false, "FAILED: " + e.getMessage());
        }
    }

    private static Fetched verifyCommitted(Framework f, Path file, String pinned) {
        try {
            String sha = Fetcher.sha256(file);
            boolean ok = sha.equals(pinned);
            return new Fetched(f.id(), ok, "in the repository at " + file + ", " + (ok ? "verified " + sha
                    : "FAILED: SHA-256 " + sha + " but pinned " + pinned));
        } catch (IOException | RuntimeException e) {
            return new Fetched(f.id(), false, "FAILED: " + file + ": " + e.getMessage());
        }
    }
}

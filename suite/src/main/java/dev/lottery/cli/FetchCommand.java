package dev.lottery.cli;

import dev.lottery.backbone.checkpoint.Fetcher;
import dev.lottery.catalog.BackboneKind;
import dev.lottery.catalog.Catalog;
import dev.lottery.catalog.Framework;
import dev.lottery.catalog.LockFile;
import dev.lottery.run.RunOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Downloads declared checkpoints, verifying (or, when not yet pinned, recording) their SHA-256. */
@Command(name = "fetch", description = "Download the declared checkpoints into <checkpoints>/<framework>/,"
        + " resuming partial downloads and checking each SHA-256 against suite/catalog/checkpoints.lock.csv.",
        footerHeading = "%nExamples:%n",
        footer = {"  ./lottery fetch                            every declared checkpoint",
            "  ./lottery fetch moco dino                  some of them",
            "  ./lottery fetch --checkpoints /data/ckpt swav"})
final class FetchCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "FRAMEWORK", description = "Framework ids (default: every checkpoint).")
    List<String> frameworks;

    @Option(names = "--checkpoints", description = "Checkpoint folder (default: $LOTTERY_CHECKPOINTS or <home>/.cache/checkpoints).")
    Path checkpoints;

    @Override
    public Integer call() {
        Path home = Main.home();
        Map<String, Framework> declared = Catalog.frameworks(home);
        Map<String, LockFile.Entry> lock = LockFile.read(home);
        List<Framework> chosen = new ArrayList<>();
        if (frameworks == null || frameworks.isEmpty()) {
            declared.values().stream().filter(f -> f.backbone() == BackboneKind.CHECKPOINT).forEach(chosen::add);
        } else {
            for (String id : frameworks) {
                Framework f = declared.get(id);
                if (f == null || f.backbone() != BackboneKind.CHECKPOINT) {
                    throw new IllegalArgumentException("'" + id + "' is not a declared checkpoint framework; declared: "
                            + declared.values().stream().filter(x -> x.backbone() == BackboneKind.CHECKPOINT)
                                    .map(Framework::id).toList());
                }
                chosen.add(f);
            }
        }
        Path dir = checkpoints != null ? checkpoints : RunOptions.defaultCheckpointsDir(home);
        Fetcher fetcher = new Fetcher(System.out);
        int failed = 0;
        for (Framework f : chosen) {
            LockFile.Entry pinned = lock.get(f.id());
            String sha = f.sha256().isEmpty() ? null : f.sha256();
            Path target = RunOptions.checkpointFile(dir, f.id(), f.checkpointUrl());
            System.out.println("lottery: " + f.id() + " <- " + f.checkpointUrl());
            if (RunOptions.inRepository(f.checkpointUrl())) {
                failed += verifyCommitted(f, RunOptions.checkpointFile(home, dir, f.id(), f.checkpointUrl()), sha);
                continue;
            }
            try {
                Fetcher.Result r = fetcher.fetch(URI.create(f.checkpointUrl()), target, sha);
                if (r.outcome() == Fetcher.Outcome.RECORDED) {
                    LockFile.record(home, f.id(), target.getFileName().toString(), r.sha256(), r.bytes(),
                            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                    System.out.println("  " + f.id() + ": digest was unknown; RECORDED (not verified) " + r.sha256()
                            + " in " + LockFile.path(home) + (pinned == null ? " (new row)" : "")
                            + " -- commit it to pin this artifact");
                } else {
                    System.out.println("  " + f.id() + ": verified " + r.sha256() + " (" + r.bytes() + " bytes"
                            + (r.resumed() ? ", resumed" : "") + (r.downloaded() ? "" : ", already present") + ")");
                }
            } catch (RuntimeException e) {
                failed++;
                System.out.println("  " + f.id() + ": FAILED: " + e.getMessage());
            }
        }
        return failed == 0 ? 0 : 1;
    }

    /** An artifact committed in the repository (the pocket zoo) is not downloaded, only checked: 1 = failed. */
    private static int verifyCommitted(Framework f, Path file, String pinned) {
        try {
            String sha = Fetcher.sha256(file);
            boolean ok = sha.equals(pinned);
            System.out.println("  " + f.id() + ": in the repository at " + file + ", " + (ok ? "verified " + sha
                    : "FAILED: SHA-256 " + sha + " but pinned " + pinned));
            return ok ? 0 : 1;
        } catch (java.io.IOException | RuntimeException e) {
            System.out.println("  " + f.id() + ": FAILED: " + file + ": " + e.getMessage());
            return 1;
        }
    }
}

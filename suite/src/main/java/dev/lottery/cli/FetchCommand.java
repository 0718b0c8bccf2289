package dev.lottery.cli;

import dev.lottery.catalog.Framework;
import dev.lottery.run.CheckpointFetch;
import java.nio.file.Path;
import java.util.List;
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
        List<Framework> chosen = CheckpointFetch.chosen(home, frameworks);
        CheckpointFetch fetch = new CheckpointFetch(home, checkpoints, System.out);
        int failed = 0;
        for (Framework f : chosen) {
            System.out.println("lottery: " + f.id() + " <- " + f.checkpointUrl());
            CheckpointFetch.Fetched r = fetch.fetch(f);
            System.out.println("  " + r.framework() + ": " + r.message());
            failed += r.ok() ? 0 : 1;
        }
        return failed == 0 ? 0 : 1;
    }
}

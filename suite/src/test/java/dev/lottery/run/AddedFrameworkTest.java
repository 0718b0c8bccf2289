package dev.lottery.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lottery.analysis.Status;
import dev.lottery.report.FixtureResult;
import dev.lottery.report.RunResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code run --add}: a pocket zoo checkpoint under a new name, its key map detected, runs beside the
 * suite as a record-only framework and scores exactly what its declared row scores.
 */
class AddedFrameworkTest {

    private static final Path HOME = Path.of(System.getProperty("lottery.home", "..")).toAbsolutePath().normalize();

    @Test
    void anAddedCopyOfADeclaredCheckpointScoresWhatTheDeclaredRowScores() throws Exception {
        Path target = HOME.resolve("suite").resolve("target");
        AddedFrameworks.Spec mine = AddedFrameworks.Spec.parse(
                "mine=datasets/pocket/zoo/vicreg/resnet50.pth,routine=vicreg,preprocess=pocket-rgb", HOME);
        RunOptions o = RunOptions.defaults(HOME).withCacheDir(target.resolve("pocket-cache"))
                .withReportsDir(target.resolve("added-reports")).withFrameworks(List.of("zoo-vicreg")).withAdded(List.of(mine));
        RunResult run = Runner.run(HOME, o, new PrintStream(new ByteArrayOutputStream()));
        List<FixtureResult> declared = run.fixtures().stream().filter(f -> f.framework().equals("zoo-vicreg")).toList();
        List<FixtureResult> added = run.fixtures().stream().filter(f -> f.framework().equals("mine")).toList();
        assertThat(added).hasSize(5).allMatch(f -> f.status() == Status.RECORDED)
                .allMatch(f -> f.params().get("added").contains("keymap torchvision-ssl (detected"));
        for (int i = 0; i < 5; i++) {
            assertThat(added.get(i).variant()).isEqualTo(declared.get(i).variant());
            assertThat(added.get(i).rawData()).as(added.get(i).variant()).isEqualTo(declared.get(i).rawData());
        }
        assertThat(run.analysis().table().frameworks()).containsExactly("zoo-vicreg", "mine");
        @SuppressWarnings("unchecked")
        java.util.Map<String, String> digests = (java.util.Map<String, String>) run.environment().get("checkpointDigests");
        // the added file's digest is taken and reported (not pinned: it is the user's own)
        assertThat(digests.get("mine")).isEqualTo(digests.get("zoo-vicreg") + " (computed locally; not pinned in the lock file)");
    }

    @Test
    void aBadSpecOrANameTakenIsRefusedBeforeAnyWork() {
        assertThatThrownBy(() -> AddedFrameworks.Spec.parse("mine", HOME)).hasMessageContaining("expected NAME=FILE");
        assertThatThrownBy(() -> AddedFrameworks.Spec.parse("mine=x.pth,colour=red", HOME))
                .hasMessageContaining("unknown option 'colour=red'");
        RunOptions taken = RunOptions.defaults(HOME).withCacheDir(HOME.resolve("suite/target/unused-cache"))
                .withAdded(List.of(AddedFrameworks.Spec.parse("zoo-simclr=datasets/pocket/zoo/vicreg/resnet50.pth", HOME)));
        assertThatThrownBy(() -> Runner.run(HOME, taken, new PrintStream(new ByteArrayOutputStream())))
                .hasMessageContaining("already has a framework 'zoo-simclr'");
        RunOptions missing = RunOptions.defaults(HOME).withCacheDir(HOME.resolve("suite/target/unused-cache"))
                .withAdded(List.of(AddedFrameworks.Spec.parse("mine=no/such.pth", HOME)));
        assertThatThrownBy(() -> Runner.run(HOME, missing, new PrintStream(new ByteArrayOutputStream())))
                .hasMessageContaining("does not exist");
    }
}

package dev.lottery.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lottery.backbone.checkpoint.Fetcher;
import dev.lottery.catalog.Catalog;
import dev.lottery.catalog.Framework;
import dev.lottery.catalog.LockFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CheckpointFetch} without the CLI and without a network: artifacts committed in the project. */
class CheckpointFetchTest {

    static final Path PROJECT = Path.of(System.getProperty("lottery.home", ".."));
    static final Path FIXTURE = Path.of("src/test/resources/checkpoints/plain.pth");

    @TempDir
    Path home;

    String sha;

    @BeforeEach
    void setUp() throws IOException {
        Path dir = Catalog.catalogDir(home);
        Files.createDirectories(dir);
        for (String f : new String[] {"routines.csv", "preprocessing.csv"}) {
            Files.copy(Catalog.catalogDir(PROJECT).resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(home.resolve("zoo"));
        Files.copy(FIXTURE, home.resolve("zoo/a.pth"));
        Files.copy(FIXTURE, home.resolve("zoo/b.pth"));
        sha = Fetcher.sha256(FIXTURE);
        Files.writeString(dir.resolve("frameworks.csv"), """
                id,name,group,backbone,width,init_seed,checkpoint_url,sha256,keymap,preprocessing,routine,note
                a,A,distillation,checkpoint,2,,zoo/a.pth,,dino,imagenet,dino,
                b,B,distillation,checkpoint,2,,zoo/b.pth,,dino,imagenet,dino,
                """);
        Files.writeString(dir.resolve(LockFile.FILE_NAME), "framework,file,sha256,bytes,recorded\n"
                + "a,a.pth," + sha + ",,\n" + "b,b.pth," + "e".repeat(64) + ",,\n");
    }

    @Test
    void choosesTheNamedCheckpointFrameworksOrAllAndRefusesAnUndeclaredOne() {
        assertThat(CheckpointFetch.chosen(home, null)).extracting(Framework::id).containsExactly("a", "b");
        assertThat(CheckpointFetch.chosen(home, List.of("b", "a"))).extracting(Framework::id)
                .containsExactly("b", "a");
        assertThatThrownBy(() -> CheckpointFetch.chosen(home, List.of("nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'")
                .hasMessageContaining("[a, b]");
    }

    @Test
    void aCommittedArtifactIsOnlyCheckedAgainstItsPin() {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        CheckpointFetch fetch = new CheckpointFetch(home, home.resolve("ckpt"), new PrintStream(progress, true));
        List<Framework> frameworks = CheckpointFetch.chosen(home, null);

        CheckpointFetch.Fetched a = fetch.fetch(frameworks.get(0));
        assertThat(a.ok()).as(a.message()).isTrue();
        assertThat(a.framework()).isEqualTo("a");
        assertThat(a.message()).isEqualTo("in the repository at " + home.resolve("zoo/a.pth") + ", verified " + sha);

        CheckpointFetch.Fetched b = fetch.fetch(frameworks.get(1));
        assertThat(b.ok()).isFalse();
        assertThat(b.message()).contains("FAILED: SHA-256 " + sha + " but pinned " + "e".repeat(64));
        assertThat(home.resolve("ckpt")).doesNotExist();
    }
}

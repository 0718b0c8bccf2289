package dev.lottery.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint lock file beside the declarations, and how the catalog uses it. */
class LockFileTest {

    static final Path PROJECT = Path.of(System.getProperty("lottery.home", ".."));

    @TempDir
    Path home;

    @Test
    void everyShippedCheckpointIsLockedAndUnknownDigestsStayEmpty() {
        Map<String, Framework> frameworks = Catalog.frameworks(PROJECT);
        Map<String, LockFile.Entry> lock = LockFile.read(PROJECT);
        frameworks.values().stream().filter(f -> f.backbone() == BackboneKind.CHECKPOINT).forEach(f -> {
            assertThat(lock).as(f.id()).containsKey(f.id());
            LockFile.Entry e = lock.get(f.id());
            assertThat(f.sha256()).isEqualTo(e.known() ? e.sha256() : "");
            assertThat(f.checkpointUrl()).endsWith("/" + e.file());
        });
        assertThat(frameworks.get("supervised").routine()).isEqualTo(Catalog.PRETRAINED);
    }

    private void project(String lock, String sha) throws IOException {
        Path dir = Catalog.catalogDir(home);
        Files.createDirectories(dir);
        for (String f : new String[] {"routines.csv", "preprocessing.csv"}) {
            Files.copy(Catalog.catalogDir(PROJECT).resolve(f), dir.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(dir.resolve("frameworks.csv"), """
                id,name,group,backbone,width,init_seed,checkpoint_url,sha256,keymap,preprocessing,routine,note
                moco,MoCo,contrastive,checkpoint,64,,https://example.org/m/moco.pth.tar,%s,moco,imagenet,moco,
                """.formatted(sha));
        if (lock != null) {
            Files.writeString(dir.resolve(LockFile.FILE_NAME), "# kept comment\n" + lock);
        }
    }

    @Test
    void recordingReplacesUnknownKeepsCommentsAndNeverOverwritesAPin() throws IOException {
        project("framework,file,sha256,bytes,recorded\nmoco,moco.pth.tar,unknown,,\n", "");
        assertThat(Catalog.frameworks(home).get("moco").sha256()).isEmpty();
        String sha = "0123456789abcdef".repeat(4);
        LockFile.record(home, "moco", "moco.pth.tar", sha, 42, "2026-01-01T00:00:00Z");
        assertThat(Files.readString(LockFile.path(home))).startsWith("# kept comment\n")
                .contains("moco,moco.pth.tar," + sha + ",42,2026-01-01T00:00:00Z");
        assertThat(Catalog.frameworks(home).get("moco").sha256()).isEqualTo(sha);
        assertThatThrownBy(() -> LockFile.record(home, "moco", "moco.pth.tar", "f".repeat(64), 1, "now"))
                .hasMessageContaining("refusing to replace");
    }

    @Test
    void aCheckpointWithNeitherDigestNorLockRowFails() throws IOException {
        project(null, "");
        assertThatThrownBy(() -> Catalog.frameworks(home)).hasMessageContaining("has no SHA-256")
                .hasMessageContaining(LockFile.FILE_NAME);
    }

    @Test
    void disagreeingDigestsAndMalformedRowsFail() throws IOException {
        project("framework,file,sha256,bytes,recorded\nmoco,moco.pth.tar," + "a".repeat(64) + ",,\n", "b".repeat(64));
        assertThatThrownBy(() -> Catalog.frameworks(home)).hasMessageContaining("is pinned to " + "a".repeat(64));
        project("framework,file,sha256,bytes,recorded\nmoco,moco.pth.tar,maybe,,\nghost,g.pth,unknown,,\n", "");
        assertThatThrownBy(() -> Catalog.frameworks(home)).isInstanceOfSatisfying(CatalogException.class, e ->
                assertThat(e.problems()).anyMatch(p -> p.contains("'unknown', found 'maybe'"))
                        .anyMatch(p -> p.contains("locked framework 'ghost' is not declared")));
    }

    @Test
    void aCheckpointNeedsADeclaredKeyMap() throws IOException {
        project("framework,file,sha256,bytes,recorded\nmoco,moco.pth.tar,unknown,,\n", "");
        Path f = Catalog.catalogDir(home).resolve("frameworks.csv");
        Files.writeString(f, Files.readString(f).replace(",moco,imagenet", ",mocov9,imagenet"));
        assertThatThrownBy(() -> Catalog.frameworks(home)).hasMessageContaining("needs a keymap")
                .hasMessageContaining("found 'mocov9'");
    }

    @Test
    void anOnnxExportNeedsNoKeyMapAndRefusesOne() throws IOException {
        project("framework,file,sha256,bytes,recorded\nmoco,moco.onnx,unknown,,\n", "");
        Path f = Catalog.catalogDir(home).resolve("frameworks.csv");
        Files.writeString(f, Files.readString(f).replace("moco.pth.tar,,moco,", "moco.onnx,,,"));
        assertThat(Catalog.frameworks(home).get("moco").keymap()).isEmpty();
        Files.writeString(f, Files.readString(f).replace("moco.onnx,,,", "moco.onnx,,moco,"));
        assertThatThrownBy(() -> Catalog.frameworks(home)).hasMessageContaining("runs as exported");
    }
}

package dev.lottery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lottery.features.Bundle;
import dev.lottery.features.ContentStore;
import dev.lottery.features.Provenance;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lottery cache list} and {@code cache explain} print what the store keeps beside its entries. */
class CacheCommandTest {

    @TempDir
    Path dir;

    record Demo(String what, int n) implements Provenance {
        @Override
        public String kind() {
            return "demo";
        }
    }

    private static CliRun.Outcome execute(String... args) {
        return CliRun.execute(args);
    }

    @Test
    void explainPrintsTheProvenanceStoredBesideAnEntryAndListNamesIt() {
        Demo demo = new Demo("a thing", 3);
        new ContentStore(dir).put(demo, Bundle.empty().withInts("seen", 1));
        assertThat(ContentStore.provenanceBeside(new ContentStore(dir).pathOf(demo))).isRegularFile();

        CliRun.Outcome explained = execute("cache", "explain", "--cache", dir.toString(), demo.key().substring(0, 8));
        assertThat(explained.status()).as(explained.err()).isZero();
        assertThat(explained.out()).contains("kind        demo").contains("key         " + demo.key())
                .contains("(its SHA-256 is the key)").contains("\"what\" : \"a thing\"").contains("\"n\" : 3");

        CliRun.Outcome listed = execute("cache", "list", "--cache", dir.toString());
        assertThat(listed.status()).isZero();
        assertThat(listed.out()).contains("demo").contains(demo.key().substring(0, 16)).contains("demo entry")
                .contains("1 entry, ");

        CliRun.Outcome missing = execute("cache", "explain", "--cache", dir.toString(), "abcdef00");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("no entry with key abcdef00");
    }
}

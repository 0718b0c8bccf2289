package dev.lottery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lottery.features.Bundle;
import dev.lottery.features.ContentStore;
import dev.lottery.features.Provenance;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

    private record Outcome(int status, String out, String err) {}

    private static synchronized Outcome execute(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.execute(args);
            return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void explainPrintsTheProvenanceStoredBesideAnEntryAndListNamesIt() {
        Demo demo = new Demo("a thing", 3);
        new ContentStore(dir).put(demo, Bundle.empty().withInts("seen", 1));
        assertThat(ContentStore.provenanceBeside(new ContentStore(dir).pathOf(demo))).isRegularFile();

        Outcome explained = execute("cache", "explain", "--cache", dir.toString(), demo.key().substring(0, 8));
        assertThat(explained.status()).as(explained.err()).isZero();
        assertThat(explained.out()).contains("kind        demo").contains("key         " + demo.key())
                .contains("(its SHA-256 is the key)").contains("\"what\" : \"a thing\"").contains("\"n\" : 3");

        Outcome listed = execute("cache", "list", "--cache", dir.toString());
        assertThat(listed.status()).isZero();
        assertThat(listed.out()).contains("demo").contains(demo.key().substring(0, 16)).contains("demo entry")
                .contains("1 entry, ");

        Outcome missing = execute("cache", "explain", "--cache", dir.toString(), "abcdef00");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("no entry with key abcdef00");
    }
}

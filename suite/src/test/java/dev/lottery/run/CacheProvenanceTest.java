package dev.lottery.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lottery.features.CanonicalJson;
import dev.lottery.features.ContentStore;
import dev.lottery.report.RunResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every entry a run stores has its provenance beside it, whose hash is its key; the inspector reads them. */
class CacheProvenanceTest {

    @TempDir
    Path home;

    private Path cache() {
        return home.resolve(".cache");
    }

    private RunResult run() throws IOException {
        return Runner.run(Plan.of(TinySuite.declarations(home).build()),
                RunOptions.builder(home).device("cpu").threads(2).cacheDir(cache()).build(),
                new PrintStream(new ByteArrayOutputStream()));
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> walk = Files.walk(cache())) {
            return walk.filter(p -> p.toString().endsWith(".bin")).sorted().toList();
        }
    }

    @Test
    void aRunStoresEachEntryBesideItsProvenanceAndTheInspectorExplainsIt() throws IOException {
        TinyProject.data(home, false);
        RunResult cold = run();
        List<Path> entries = entries();
        // 2 frameworks x (train + 2 variants) feature sets, 2 frameworks x 2 seeds heads
        assertThat(entries).hasSize(10);
        for (Path entry : entries) {
            Path text = ContentStore.provenanceBeside(entry);
            assertThat(text).isRegularFile();
            String key = entry.getFileName().toString().replace(".bin", "");
            assertThat(CanonicalJson.sha256(Files.readString(text))).as(entry.toString()).isEqualTo(key);
            assertThat(CanonicalJson.parse(Files.readString(text)).get("kind").asText())
                    .isEqualTo(entry.getParent().getParent().getFileName().toString());
        }

        List<String> listing = CacheInspector.listing(cache());
        // and the random ResNet's SavedModel, whose folder holds its provenance
        assertThat(listing).hasSize(12).last().asString().startsWith("11 entries, ");
        assertThat(listing).filteredOn(l -> l.startsWith("models")).singleElement().asString()
                .contains("SavedModel of resnet-bottleneck-v1.5(").contains("lottery-resnet-graph/2");
        assertThat(listing).filteredOn(l -> l.startsWith("heads")).hasSize(4)
                .allSatisfy(l -> assertThat(l).contains("head ").contains(" seed ").contains("TensorFlow"));
        assertThat(listing).filteredOn(l -> l.startsWith("features")).hasSize(6)
                .anySatisfy(l -> assertThat(l).contains("features of pixels on data quick:"))
                .anySatisfy(l -> assertThat(l).contains("features of random resnet50 (width"));

        String headKey = cold.fixtures().get(0).seeds().get(0).headKey();
        String explained = CacheInspector.explain(cache(), headKey.substring(0, 10));
        assertThat(explained).contains("kind        heads").contains("key         " + headKey)
                .contains("(its SHA-256 is the key)").contains("depends on  features ").contains("(stored)")
                .contains("\"numericEnvironment\"").contains("\"routine\"").contains("\"engine\"")
                .contains("\"preprocessing\"").contains("\"fingerprint\"");
        Path headFile = new ContentStore(cache()).pathOf("heads", headKey);
        assertThat(CacheInspector.explain(cache(), headFile.toString())).isEqualTo(explained);
        assertThat(CacheInspector.explain(cache(), ContentStore.provenanceBeside(headFile).toString()))
                .isEqualTo(explained);
        JsonNode pretty = CanonicalJson.parse(explained.substring(explained.indexOf('{')));
        assertThat(pretty.at("/provenance/seed").asLong()).isEqualTo(cold.fixtures().get(0).seeds().get(0).seed());

        Path model;
        try (Stream<Path> models = Files.list(cache().resolve("models"))) {
            model = models.filter(p -> p.getFileName().toString().startsWith("resnet-")).findFirst().orElseThrow();
        }
        String modelKey = CanonicalJson.sha256(Files.readString(model.resolve("provenance.json")));
        assertThat(model.getFileName().toString()).isEqualTo("resnet-" + modelKey.substring(0, 32));
        assertThat(CacheInspector.explain(cache(), model.toString())).contains("kind        models")
                .contains("(its SHA-256 starts with the key)").contains("\"weightsSha256\"")
                .isEqualTo(CacheInspector.explain(cache(), modelKey.substring(0, 12)));

        assertThatThrownBy(() -> CacheInspector.explain(cache(), "0123456789abcdef"))
                .hasMessageContaining("no entry with key 0123456789abcdef");
        assertThatThrownBy(() -> CacheInspector.explain(cache(), "nope")).hasMessageContaining("at least 6 hex digits");

        // the keys are stable: a second run finds every entry
        RunResult warm = run();
        @SuppressWarnings("unchecked")
        var facts = (java.util.Map<String, Object>) warm.environment().get("cache");
        assertThat(facts).containsEntry("featureSetsFromCache", 6).containsEntry("headsFromCache", 4);
        assertThat(entries()).hasSize(10);
    }

    @Test
    void anEntryWithoutProvenanceIsListedAsFromAnOlderVersion() throws IOException {
        ContentStore store = new ContentStore(cache());
        String key = ContentStore.key("old", "hand-made", "key");
        store.put("features", key, dev.lottery.features.Bundle.empty().withInts("seen", 1));
        assertThat(CacheInspector.listing(cache()).get(0)).startsWith("features").contains("no provenance");
        assertThat(CacheInspector.explain(cache(), key)).contains("provenance  none at ")
                .contains("this version's keys never find it");
    }
}

package dev.lottery.data.pocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lottery.io.Digests;
import dev.lottery.data.BadSamples;
import dev.lottery.data.ImageDecoder;
import dev.lottery.data.ShardDataset;
import java.awt.image.BufferedImage;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the committed datasets/pocket against its own declarations (variants.csv, provenance.json). */
class PocketDatasetTest {
    private static Path pocket;
    private static List<CSVRecord> variants;
    private static JsonNode provenance;

    @BeforeAll
    static void load() throws Exception {
        pocket = Path.of(System.getProperty("lottery.home", "..")).resolve("datasets/pocket");
        try (Reader in = Files.newBufferedReader(pocket.resolve("variants.csv"))) {
            variants = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
        provenance = new ObjectMapper().readTree(pocket.resolve("provenance.json").toFile());
    }

    @Test
    void variantsDeclareEverySplitWithItsScoring() {
        assertThat(variants).extracting(r -> r.get("variant"))
                .containsExactlyInAnyOrder("train", "val", "v2", "rendition", "sketch", "adversarial");
        for (CSVRecord r : variants) {
            String expected = switch (r.get("variant")) {
                case "train" -> "none";
                case "rendition", "adversarial" -> "subset";
                default -> "top1";
            };
            assertThat(r.get("scoring")).as(r.get("variant")).isEqualTo(expected);
            assertThat(r.get("class_subset").equals("all")).isEqualTo(!expected.equals("subset"));
        }
        assertThat(provenance.get("generatorVersion").asText()).isEqualTo(PocketGenerator.GENERATOR_VERSION);
    }

    @Test
    void everySplitMatchesItsDeclaredCountsSubsetAndShardHashes() throws Exception {
        for (CSVRecord r : variants) {
            String name = r.get("variant");
            JsonNode split = provenance.get("splits").get(name);
            ShardDataset ds = ShardDataset.open(pocket.resolve(r.get("dir")));
            assertThat(ds.classes().names()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

            Set<Integer> subset = new HashSet<>();
            if (!r.get("class_subset").equals("all")) {
                for (String s : r.get("class_subset").split(" ")) {
                    subset.add(Integer.parseInt(s));
                }
                List<Integer> declared = new ArrayList<>();
                split.get("classSubset").forEach(n -> declared.add(n.asInt()));
                assertThat(declared).containsExactlyInAnyOrderElementsOf(subset);
            }

            int[] perClass = new int[10];
            int[] n = {0};
            BadSamples bad = new BadSamples();
            Set<String> keys = new HashSet<>();
            ds.forEach(s -> {
                n[0]++;
                keys.add(s.key());
                assertThat(s.labels()).hasSize(1);
                perClass[s.labels()[0]]++;
                if (n[0] % 97 == 1) { // decode a sample of them: 28x28 PNGs
                    try {
                        BufferedImage img = ImageDecoder.decodeRgb(s.encoded());
                        assertThat(img.getWidth()).isEqualTo(28);
                        assertThat(img.getHeight()).isEqualTo(28);
                    } catch (Exception e) {
                        throw new AssertionError(name + "/" + s.key() + ": " + e.getMessage(), e);
                    }
                }
            }, bad);
            assertThat(bad.list()).as(name).isEmpty();
            assertThat(keys).as(name + " keys unique").hasSize(n[0]);
            assertThat(n[0]).as(name + " count vs variants.csv").isEqualTo(Integer.parseInt(r.get("expected_count")));
            assertThat(n[0]).as(name + " count vs provenance").isEqualTo(split.get("count").asInt());
            for (int c = 0; c < 10; c++) {
                assertThat(perClass[c]).as(name + " class " + c).isEqualTo(split.get("countsPerClass").get(c).asInt());
                if (!subset.isEmpty() && !subset.contains(c)) {
                    assertThat(perClass[c]).as(name + " class " + c + " outside its subset").isZero();
                }
            }

            List<String> shardNames = new ArrayList<>();
            for (JsonNode shard : split.get("shards")) {
                Path file = pocket.resolve(name).resolve(shard.get("name").asText());
                assertThat(Digests.sha256Hex(file)).as(file.toString()).isEqualTo(shard.get("sha256").asText());
                shardNames.add(shard.get("name").asText());
            }
            assertThat(ds.shards()).extracting(p -> p.getFileName().toString()).containsExactlyElementsOf(shardNames);
        }
    }

    @Test
    void balancedSplitsHaveTheirPlannedSizes() {
        JsonNode splits = provenance.get("splits");
        assertThat(splits.get("train").get("count").asInt()).isEqualTo(10 * PocketGenerator.TRAIN_PER_CLASS);
        assertThat(splits.get("val").get("count").asInt()).isEqualTo(10 * PocketGenerator.VAL_PER_CLASS);
        assertThat(splits.get("sketch").get("count").asInt()).isEqualTo(10 * PocketGenerator.SKETCH_PER_CLASS);
        assertThat(splits.get("v2").get("count").asInt()).isEqualTo(1797);
        assertThat(splits.get("rendition").get("count").asInt())
                .isEqualTo(PocketGenerator.RENDITION_CLASSES.size() * PocketGenerator.RENDITION_PER_CLASS);
        assertThat(splits.get("adversarial").get("referenceAccuracy").asDouble()).isZero();
    }
}

package dev.lottery.run;

import dev.lottery.data.DatasetMismatchException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lottery.analysis.Status;
import dev.lottery.catalog.Catalog;
import dev.lottery.catalog.Suite;
import dev.lottery.features.ContentStore;
import dev.lottery.report.FixtureResult;
import dev.lottery.report.ReportWriter;
import dev.lottery.report.RunResult;
import dev.lottery.report.SeedResult;
import dev.lottery.report.StageTimes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerTest {

    @TempDir
    Path home;

    private RunOptions options() {
        return new RunOptions("tiny", null, null, null, "cpu", home.resolve(".cache"), home.resolve("reports"), 2, false);
    }

    /** The suite the declaration files under {@code home} declare ({@code TinyProject}): the file front end. */
    private RunResult run() throws IOException {
        return Runner.run(home, options(), new PrintStream(new ByteArrayOutputStream()));
    }

    /** A plan built in Java ({@code TinySuite}). */
    private RunResult run(Plan plan) throws IOException {
        return Runner.run(plan, options(), new PrintStream(new ByteArrayOutputStream()));
    }

    /** The tiny suite's plan, built in Java over freshly written images. */
    private Plan tiny(boolean corruptOneValImage) throws IOException {
        return Plan.of(TinySuite.builder(home, corruptOneValImage).build());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cache(RunResult r) {
        return (Map<String, Object>) r.environment().get("cache");
    }

    /**
     * The two front ends of the suite model: the declaration files (CSV, properties) and the Java builder
     * declare the same suite, and a plan from either finds the other's features and heads in the cache.
     */
    @Test
    void theDeclarationFilesAndTheJavaBuilderDeclareOneSuiteSharingItsCache() throws IOException {
        TinyProject.create(home, TinyProject.recordOnlyExpectations(), false);
        Suite fromFiles = Catalog.load(home, "tiny");
        Suite inJava = TinySuite.declarations(home).build();
        assertThat(canonical(inJava)).isEqualTo(canonical(fromFiles));
        RunResult filesRun = run();
        RunResult javaRun = run(Plan.of(inJava));
        assertThat(cache(javaRun)).containsEntry("featureSetsFromCache", 6).containsEntry("headsFromCache", 4);
        assertThat(javaRun.fixtures()).extracting(FixtureResult::rawData)
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(filesRun.fixtures().stream().map(FixtureResult::rawData).toList());
        // and the builder refuses what the reader refuses, naming the Java line
        assertThatThrownBy(() -> TinySuite.declarations(home).reference("nowhere").build())
                .hasMessageContaining("RunnerTest.java:").hasMessageContaining("reference variant 'nowhere'");
        assertThatThrownBy(() -> dev.lottery.catalog.Framework.builder("x").randomResNet(0, 1).build())
                .hasMessageContaining("RunnerTest.java:").hasMessageContaining("width of at least 1");
    }

    /** A suite's declarations as text, without where each was declared. */
    private static List<String> canonical(Suite s) {
        List<String> out = new java.util.ArrayList<>(List.of(s.name(), s.description(), s.reference(),
                "seeds " + s.seeds(), "scale " + s.epochScale(), "margin " + s.lotteryMargin(),
                "F " + s.falseAlarmRate(), "aggregates " + s.aggregates(), variant(s.train())));
        s.frameworks().forEach(f -> out.add(f.toString().replace("where=" + f.where(), "")));
        s.variants().forEach(v -> out.add(variant(v)));
        new java.util.TreeMap<>(s.routines()).values().forEach(r -> out.add(r.toString()));
        new java.util.TreeMap<>(s.preprocessing()).values().forEach(p -> out.add(p.canonical()));
        s.fixtures().forEach(x -> out.add(x.id() + " " + x.expectation().metric() + " " + x.expectation().expected()
                + " " + x.expectation().noise() + " " + x.expectation().source()));
        return out;
    }

    private static String variant(dev.lottery.catalog.Variant v) {
        return String.join(" ", v.id(), v.dir().toString(), Integer.toString(v.expectedCount()),
                v.scoring() == null ? "none" : v.scoring().notation(), v.description(), v.layout(), v.labels(),
                Boolean.toString(v.underDataRoot()), v.sourceUrl(), v.licence());
    }

    @Test
    void secondRunComesFromTheCacheWithIdenticalResults() throws IOException {
        Plan plan = tiny(false);
        RunResult cold = run(plan);
        assertThat(cache(cold)).containsEntry("featureSetsFromCache", 0).containsEntry("headsFromCache", 0);
        assertThat(cold.fixtures()).hasSize(4).allMatch(f -> f.status() == Status.RECORDED);
        assertThat(cold.exitCode()).isZero();
        FixtureResult pixelsVal = cold.fixtures().get(0);
        assertThat(pixelsVal.score()).isGreaterThan(90);
        assertThat(pixelsVal.seeds()).hasSize(2);

        assertThat(cold.stageTimes()).extracting(StageTimes::framework).containsExactly("pixels", "random-resnet");
        assertThat(cold.stageTimes()).allSatisfy(s -> {
            assertThat(s.featureSets()).isEqualTo(3);
            assertThat(s.featureSetsFromCache()).isZero();
            assertThat(s.heads()).isEqualTo(2);
            assertThat(s.headsFromCache()).isZero();
            assertThat(s.extractionSeconds()).isPositive();
            assertThat(s.trainingSeconds()).isPositive();
            assertThat(s.scoringSeconds()).isPositive();
        });

        RunResult warm = run(plan);
        assertThat(cache(warm)).containsEntry("featureSetsFromCache", 6).containsEntry("headsFromCache", 4);
        assertThat(warm.stageTimes()).allSatisfy(s -> {
            assertThat(s.featureSetsFromCache()).isEqualTo(3);
            assertThat(s.headsFromCache()).isEqualTo(2);
        });
        Path dir = ReportWriter.write(warm, home.resolve("reports"));
        JsonNode runJson = new ObjectMapper().readTree(dir.resolve("run.json").toFile());
        assertThat(runJson.at("/stageTimes/1/framework").asText()).isEqualTo("random-resnet");
        assertThat(runJson.at("/stageTimes/1/headsFromCache").asInt()).isEqualTo(2);
        assertThat(runJson.at("/stageTimes/0/extractionSeconds").isNumber()).isTrue();
        assertThat(warm.fixtures()).extracting(FixtureResult::rawData)
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(cold.fixtures().stream().map(FixtureResult::rawData).toList());
    }

    /**
     * The tiny suite with stored features read in chunks of 10 rows (the 90-row train split of 256
     * pixels in 9 chunks): every head, and so every score of every seed, equals the one-chunk run's.
     */
    @Test
    void aRunOverManySmallChunksGivesTheSameResultsAsOneChunk() throws IOException {
        Plan plan = tiny(false);
        RunResult whole = run(plan);
        RunOptions o = options();
        RunOptions chunkedOptions = new RunOptions(o.suite(), null, null, null, o.device(), home.resolve(".cache-chunked"),
                home.resolve("reports-chunked"), o.threads(), false);
        RunResult chunked = Runner.run(plan, chunkedOptions, new PrintStream(new ByteArrayOutputStream()), 10 * 256);
        assertThat(cache(chunked)).containsEntry("featureSetsFromCache", 0).containsEntry("headsFromCache", 0);
        assertThat(chunked.fixtures()).extracting(FixtureResult::rawData)
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(whole.fixtures().stream().map(FixtureResult::rawData).toList());
        ContentStore oneChunk = new ContentStore(home.resolve(".cache"));
        ContentStore manyChunks = new ContentStore(home.resolve(".cache-chunked"));
        List<String> headKeys = chunked.fixtures().stream().flatMap(f -> f.seeds().stream())
                .map(dev.lottery.report.SeedResult::headKey).distinct().toList();
        assertThat(headKeys).hasSize(4);
        for (String key : headKeys) {
            // same key (the chunking is not part of it) and bit-identical weights
            assertThat(manyChunks.get("heads", key).orElseThrow().matrix("weight"))
                    .isEqualTo(oneChunk.get("heads", key).orElseThrow().matrix("weight"));
        }
    }

    @Test
    void aRunKilledMidWriteResumesAndRepairsDamagedEntries() throws IOException {
        Plan plan = tiny(false);
        RunResult first = run(plan);
        // simulate a crash: one truncated feature file, one missing head, a stray temp file
        List<Path> features = binFiles(home.resolve(".cache/features"));
        List<Path> heads = binFiles(home.resolve(".cache/heads"));
        byte[] bytes = Files.readAllBytes(features.get(0));
        Files.write(features.get(0), java.util.Arrays.copyOf(bytes, bytes.length - 100));
        Files.delete(heads.get(0));

        RunResult resumed = run(plan);
        assertThat(resumed.notes()).singleElement().asString()
                .contains(features.get(0).toString()).contains("damaged cache entry");
        assertThat(cache(resumed)).containsEntry("featureSetsFromCache", 5);
        assertThat(resumed.fixtures()).extracting(FixtureResult::rawData)
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(first.fixtures().stream().map(FixtureResult::rawData).toList());
    }

    @Test
    void aBadImageIsCountedAndListedNeverFatal() throws IOException {
        RunResult r = run(tiny(true));
        assertThat(r.badSamples()).singleElement().extracting(dev.lottery.data.BadSample::line).asString().startsWith("val\tshard-000000.tar.gz\ts00004\t");
        FixtureResult pixelsVal = r.fixtures().get(0);
        assertThat(pixelsVal.samples()).isEqualTo(29);
        assertThat(pixelsVal.badSamples()).isEqualTo(1);
        // as extract does: a skipped sample is exit 1 unless accepted (--allow-bad-images)
        assertThat(r.exitCode()).isZero();
        assertThat(r.exitCode(false)).isEqualTo(1);
        assertThat(r.exitCode(true)).isZero();
    }

    @Test
    void expectationsDecideTheExitStatus() throws IOException {
        RunResult measured = run(tiny(false));
        double pixelsVal = measured.fixtures().get(0).score();
        RunResult pass = run(Plan.of(TinySuite.declarations(home)
                .expectation(TinySuite.pixelsVal(pixelsVal, 0.01, "measured")).build()));
        assertThat(pass.fixtures().get(0).status()).isEqualTo(Status.PASS);
        assertThat(pass.exitCode()).isZero();

        RunResult fail = run(Plan.of(TinySuite.declarations(home)
                .expectation(TinySuite.pixelsVal(pixelsVal - 5, 1, "wrong on purpose")).build()));
        assertThat(fail.fixtures().get(0).status()).isEqualTo(Status.FAIL);
        assertThat(fail.exitCode()).isEqualTo(1);
    }

    @Test
    void aSeedOffsetRunsOtherSeedsAndTheNoiseModelSetsTheThreshold() throws IOException {
        RunResult first = run(tiny(false));
        double measured = first.fixtures().get(0).score();
        // a noise model: sd_seed 0.5 over 2 seeds, ref_se 0.1; 1 checked fixture at F = 0.01:
        // sigma = sqrt(0.125 + 0.01) = 0.367423, critical z(1 - 0.008/2) = 2.652070, threshold 0.974433
        Plan plan = Plan.of(TinySuite.declarations(home).expectation(dev.lottery.catalog.Expectation.of("pixels",
                "val", "top1", measured + 0.9, new dev.lottery.analysis.NoiseModel(0.5, 0, 0.1, 0, 0), "a reference"))
                .build());
        RunResult checked = run(plan);
        FixtureResult f = checked.fixtures().get(0);
        assertThat(f.check().sigma()).isCloseTo(0.3674235, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(f.tolerance()).isCloseTo(0.974433, org.assertj.core.api.Assertions.within(1e-5));
        assertThat(f.check().z()).isCloseTo(-0.9 / 0.3674235, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(f.status()).isEqualTo(Status.PASS);
        assertThat(checked.suiteCheck().groups()).isEqualTo(1);

        RunResult other = run(plan.withSeeds(5, 2));
        FixtureResult g = other.fixtures().get(0);
        assertThat(g.seeds()).extracting(SeedResult::seed).containsExactly(5L, 6L);
        assertThat(g.seeds().get(0).headKey()).isNotEqualTo(f.seeds().get(0).headKey());
        @SuppressWarnings("unchecked")
        Map<String, Object> suite = (Map<String, Object>) other.environment().get("suite");
        assertThat(suite).containsEntry("seedOffset", 5L).containsEntry("seedValues", List.of(5L, 6L));
        @SuppressWarnings("unchecked")
        Map<String, Object> numeric = (Map<String, Object>) other.environment().get("numeric");
        assertThat(numeric).containsKeys("cpuIsa", "onednn", "effectiveIsa", "intraOpThreads", "key");
        assertThat(g.seeds().get(0).headKey()).isNotEqualTo(first.fixtures().get(0).seeds().get(0).headKey());
    }

    @Test
    void aCountThatDiffersFromTheDeclarationStopsTheRunNamingBoth() throws IOException {
        TinyProject.create(home, TinyProject.recordOnlyExpectations(), false);
        Path variants = home.resolve("datasets/tiny/variants.csv");
        Files.writeString(variants, Files.readString(variants).replace("val,val,30", "val,val,31"));
        assertThatThrownBy(this::run)
                .isInstanceOf(DatasetMismatchException.class)
                .hasMessageContaining(home.resolve("datasets/tiny/val").toString())
                .hasMessageContaining("found 30 samples")
                .hasMessageContaining("variants.csv:3 declares 31");
    }

    @Test
    void aMissingShardFolderIsNamed() throws IOException {
        Plan plan = tiny(false);
        try (Stream<Path> files = Files.list(home.resolve("datasets/tiny/shift"))) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(home.resolve("datasets/tiny/shift"));
        assertThatThrownBy(() -> run(plan)).hasMessageContaining(home.resolve("datasets/tiny/shift").toString());
    }

    @Test
    void reportsAreWrittenInTheirDocumentedShape() throws IOException {
        Plan plan = tiny(false);
        RunResult r = run(plan);
        Path dir = ReportWriter.write(r, home.resolve("reports"));
        assertThat(dir.getParent().resolve("latest").resolve("results.json")).exists();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "results.json", "results.csv", "report.md", "analysis.json", "environment.json", "report.html", "run.json",
                    "predictions.json");
        }
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(json.isArray()).isTrue();
        JsonNode first = json.get(0);
        assertThat(first.get("benchmark").asText()).isEqualTo("tiny.pixels.val");
        assertThat(first.at("/params/routine").asText()).isEqualTo("fast");
        assertThat(first.at("/primaryMetric/rawData/0")).hasSize(2);
        assertThat(first.at("/primaryMetric/scoreUnit").asText()).isEqualTo("%");
        assertThat(first.get("status").asText()).isEqualTo("recorded");
        JsonNode env = new ObjectMapper().readTree(dir.resolve("environment.json").toFile());
        assertThat(env.at("/engine/name").asText()).isEqualTo("TensorFlow");
        assertThat(env.at("/datasetFingerprints/val").asText()).hasSize(64);
        assertThat(Files.readString(dir.resolve("report.md"))).contains("## Kendall τ-b against val")
                .contains("mean: arithmetic mean");
        assertThat(Files.readAllLines(dir.resolve("results.csv"))).hasSize(5);
        try (Stream<Path> files = Files.list(home.resolve("reports"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("partial"));
        }
    }

    /**
     * End to end: every fixture's per-seed, per-image outcomes reach predictions.json (their counts are the
     * seeds' correct counts), and the paired tests reach analysis.json, report.md and report.html, the
     * same again when the stored run is read back.
     */
    @Test
    void pairedSignificanceReachesAnalysisJsonAndTheReports() throws IOException {
        // two more random ResNets (He init seeds 2 and 3) and a 10 pp margin: lottery pairs for the paired tests
        RunResult r = run(Plan.of(TinySuite.builder(home, false)
                .framework(TinySuite.randomResNet("random-resnet-2", "Random ResNet (init 2)", 2))
                .framework(TinySuite.randomResNet("random-resnet-3", "Random ResNet (init 3)", 3))
                .lotteryMargin(10).build()));
        Path dir = ReportWriter.write(r, home.resolve("reports"));
        ObjectMapper json = new ObjectMapper();
        JsonNode predictions = json.readTree(dir.resolve("predictions.json").toFile());
        for (FixtureResult f : r.fixtures()) {
            JsonNode p = predictions.path("frameworks").path(f.framework()).path(f.variant());
            assertThat(p.path("images").asLong()).as(f.benchmark()).isEqualTo(f.seeds().get(0).scored());
            assertThat(p.path("seeds")).hasSize(2);
            for (int j = 0; j < 2; j++) {
                assertThat(p.path("seeds").get(j).path("correct").asLong()).isEqualTo(f.seeds().get(j).correct());
            }
        }
        // both frameworks are scored on the same images of each variant: one alignment
        assertThat(predictions.at("/frameworks/pixels/shift/alignment"))
                .isEqualTo(predictions.at("/frameworks/random-resnet/shift/alignment"));
        JsonNode analysis = json.readTree(dir.resolve("analysis.json").toFile());
        JsonNode sig = analysis.path("significance");
        assertThat(sig.path("available").asBoolean()).isTrue();
        assertThat(sig.path("resamples").asInt()).isEqualTo(1000);
        assertThat(sig.path("notes")).isEmpty();
        for (FixtureResult f : r.fixtures()) {
            JsonNode ci = sig.path("accuracyIntervals").path(f.variant()).path(f.framework());
            assertThat(ci.get(0).asDouble()).as(f.benchmark()).isLessThanOrEqualTo(f.score());
            assertThat(ci.get(1).asDouble()).as(f.benchmark()).isGreaterThanOrEqualTo(f.score());
            JsonNode rank = sig.path("rankIntervals").path(f.variant()).path(f.framework());
            assertThat(rank.get(0).asDouble()).isBetween(1.0, 4.0);
        }
        assertThat(sig.at("/aggregateIntervals/mean/pixels")).hasSize(2);
        // every reversal carries its McNemar tests (one per seed) and bootstrap p-values
        for (JsonNode t : sig.path("reversals")) {
            assertThat(t.at("/reference/mcnemar")).hasSize(2);
            assertThat(t.at("/reversal/p").asDouble()).isBetween(0.0, 1.0);
        }
        assertThat(analysis.path("lottery")).isNotEmpty();
        for (JsonNode p : analysis.path("lottery")) {
            assertThat(p.has("valP") && p.has("variantP") && p.has("verdict")).isTrue();
        }
        assertThat(sig.path("rankChanges")).isNotEmpty();
        // one McNemar test recounted by hand from the stored bits: random-resnet-2 against random-resnet on val, seed 0
        JsonNode pair = null;
        for (JsonNode t : sig.path("reversals")) {
            if (t.path("better").asText().equals("random-resnet-2") && t.path("worse").asText().equals("random-resnet")) {
                pair = t;
            }
        }
        assertThat(pair).isNotNull();
        byte[] leader = java.util.Base64.getDecoder().decode(
                predictions.at("/frameworks/random-resnet-2/val/seeds/0/bits").asText());
        byte[] trailer = java.util.Base64.getDecoder().decode(
                predictions.at("/frameworks/random-resnet/val/seeds/0/bits").asText());
        long leaderOnly = 0;
        long trailerOnly = 0;
        for (int i = 0; i < 30; i++) {
            boolean a = (leader[i / 8] >> (i % 8) & 1) == 1;
            boolean b = (trailer[i / 8] >> (i % 8) & 1) == 1;
            leaderOnly += a && !b ? 1 : 0;
            trailerOnly += b && !a ? 1 : 0;
        }
        JsonNode seed0 = pair.at("/reference/mcnemar/0");
        assertThat(seed0.path("leaderOnly").asLong()).isEqualTo(leaderOnly);
        assertThat(seed0.path("trailerOnly").asLong()).isEqualTo(trailerOnly);
        assertThat(leaderOnly - trailerOnly).isEqualTo(2); // 96.7% against 90.0% of 30 images
        // exact binomial: 2 P(X <= trailerOnly), X ~ Bin(leaderOnly + trailerOnly, 1/2)
        double tail = 0;
        for (long k = 0; k <= trailerOnly; k++) {
            tail += org.apache.commons.math3.util.CombinatoricsUtils.binomialCoefficientDouble(
                    (int) (leaderOnly + trailerOnly), (int) k) / Math.pow(2, leaderOnly + trailerOnly);
        }
        assertThat(seed0.path("p").asDouble()).isCloseTo(Math.min(1, 2 * tail), org.assertj.core.api.Assertions.within(1e-12));
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("## Paired significance: is the marginal improvement real?")
                .contains("exact McNemar").contains("lottery reversals are significant on both sides")
                .contains("### The lottery pairs, tested").contains("### Ranks with bootstrap rank intervals")
                .contains("### Aggregates with bootstrap intervals");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("id=\"significance\"")
                .contains("id=\"rank-intervals\"");
        Path again = ReportWriter.write(dev.lottery.report.StoredRun.read(dir), home.resolve("again"));
        assertThat(Files.readString(again.resolve("analysis.json"))).isEqualTo(Files.readString(dir.resolve("analysis.json")));
    }

    private static List<Path> binFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".bin")).sorted().toList();
        }
    }

    @Test
    void aSelectionWithoutAnAggregatesVariantsRunsAndSaysTheAggregateIsNotComputed() throws IOException {
        TinyProject.create(home, TinyProject.recordOnlyExpectations(), false);
        RunOptions onlyVal = new RunOptions("tiny", List.of("pixels"), List.of("val"), 1, "cpu", home.resolve(".cache"),
                home.resolve("reports"), 2, false);
        RunResult r = Runner.run(home, onlyVal, new PrintStream(new ByteArrayOutputStream()));
        assertThat(r.fixtures()).singleElement().extracting(FixtureResult::variant).isEqualTo("val");
        assertThat(r.aggregates()).isEmpty();
        assertThat(r.notes()).singleElement().asString().contains("aggregate 'mean' not computed")
                .contains("[val, shift]");
        assertThat(ReportWriter.write(r, home.resolve("reports")).resolve(ReportWriter.RESULTS_JSON)).exists();
    }

    @Test
    void anEmptySelectionIsAnErrorBeforeAnyWork() throws IOException {
        TinyProject.create(home, TinyProject.recordOnlyExpectations(), false);
        RunOptions none = new RunOptions("tiny", List.of(), null, null, "cpu", home.resolve(".cache"),
                home.resolve("reports"), 2, false);
        assertThatThrownBy(() -> Runner.run(home, none, new PrintStream(new ByteArrayOutputStream())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("selects no fixture")
                .hasMessageContaining("pixels");
        assertThat(home.resolve(".cache")).doesNotExist();
    }

    @Test
    void tempFilesOfAKilledRunAreRemovedAndSaidOnTheConsole() throws Exception {
        Plan plan = tiny(false);
        run(plan);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path folder = binFiles(home.resolve(".cache/features")).get(0).getParent();
        Files.write(folder.resolve("0123456789abcdef.p" + gone.pid() + "@"
                + dev.lottery.features.TempOwner.current().host() + ".1.tmp"), new byte[1 << 20]);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        RunResult again = Runner.run(plan, options(), new PrintStream(console, true));
        assertThat(console.toString()).contains("cache: ").contains("removed 1 temp file(s) of killed runs (1.0 MiB)");
        assertThat(again.notes()).anyMatch(n -> n.contains("removed 1 temp file(s)"));
        assertThat(new ContentStore(home.resolve(".cache")).leftoverTempFiles()).isEmpty();
        try (Stream<Path> segments = Files.walk(home.resolve(".cache"))) {
            assertThat(segments.filter(p -> p.toString().contains("feature-segments") && !p.toString()
                    .endsWith("feature-segments"))).as("no empty segment folders").isEmpty();
        }
    }
}

package dev.lottery.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lottery.catalog.Protocol;
import dev.lottery.catalog.Suite;
import dev.lottery.data.TrainTransform;
import dev.lottery.features.ContentStore;
import dev.lottery.features.FeatureRows;
import dev.lottery.probe.EpochRows;
import dev.lottery.probe.Engines;
import dev.lottery.probe.LinearHead;
import dev.lottery.probe.Optimizer;
import dev.lottery.probe.Probe;
import dev.lottery.probe.Routine;
import dev.lottery.probe.Schedule;
import dev.lottery.report.FixtureResult;
import dev.lottery.report.RunResult;
import dev.lottery.report.SeedResult;
import ai.djl.Device;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three protocols on the tiny suite: their rows, keys and caching, and a resumed augmented head. */
class ProtocolRunTest {

    @TempDir
    Path home;

    private RunOptions options() {
        return RunOptions.builder(home).device("cpu").threads(2).build();
    }

    private RunResult run(Suite suite) throws IOException {
        return Runner.run(Plan.of(suite), options(), new PrintStream(new ByteArrayOutputStream()));
    }

    private Suite.Builder withProtocols(Suite.Builder b) {
        return b.trainTransform("fast", TrainTransform.standard("bilinear", "test"))
                .protocol(Protocol.CENTER).protocol(Protocol.views(2)).protocol(Protocol.AUGMENTED);
    }

    @Test
    void eachProtocolIsARowWithItsOwnHeadsAndACenterRowKeepsTheKeysOfASuiteWithoutProtocols() throws IOException {
        TinyProject.data(home, false);
        RunResult center = run(TinySuite.declarations(home).build());
        RunResult cold = run(withProtocols(TinySuite.declarations(home)).build());
        assertThat(cold.fixtures()).extracting(FixtureResult::framework).containsExactly(
                "pixels", "pixels", "random-resnet", "random-resnet",
                "pixels@views-2", "pixels@views-2", "random-resnet@views-2", "random-resnet@views-2",
                "pixels@augmented", "pixels@augmented", "random-resnet@augmented", "random-resnet@augmented");
        assertThat(cold.fixtures()).allSatisfy(f -> assertThat(f.params().get("protocol"))
                .isEqualTo(f.framework().contains("@") ? f.framework().substring(f.framework().indexOf('@') + 1)
                        : "center"));
        assertThat(cold.fixtures().get(4).params().get("trainTransform")).startsWith("random-resized-crop(scale=0.08");
        // the center rows are the suite without protocols: same heads, from the cache
        for (int i = 0; i < 4; i++) {
            assertThat(cold.fixtures().get(i).seeds()).extracting(SeedResult::headKey)
                    .isEqualTo(center.fixtures().get(i).seeds().stream().map(SeedResult::headKey).toList());
            assertThat(cold.fixtures().get(i).seeds()).allMatch(SeedResult::headFromCache);
        }
        // every protocol trains its own heads, on other rows
        List<String> heads = cold.fixtures().stream().flatMap(f -> f.seeds().stream()).map(SeedResult::headKey)
                .distinct().toList();
        assertThat(heads).hasSize(2 * 3 * 2);
        // and scores of their own: some fixture of an augmented protocol scores other than its center fixture
        assertThat(java.util.stream.IntStream.range(4, 12)).anyMatch(i -> cold.fixtures().get(i).score()
                != cold.fixtures().get(i % 4).score());
        // two views of the training split per framework are cached; augmented epochs are not
        assertThat(featureEntries()).hasSize(2 * (3 + 2));

        RunResult warm = run(withProtocols(TinySuite.declarations(home)).build());
        @SuppressWarnings("unchecked")
        Map<String, Object> cache = (Map<String, Object>) warm.environment().get("cache");
        assertThat(cache).containsEntry("headsFromCache", 12).containsEntry("featureSetsFromCache", 10);
        assertThat(warm.fixtures()).extracting(FixtureResult::rawData).usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(cold.fixtures().stream().map(FixtureResult::rawData).toList());
    }

    /**
     * The upstream "best epoch on val" rule: every epoch's val accuracy is kept, the earliest best epoch's head
     * is reported (so each seed's val score is the maximum of its curve), under its own head key, labelled in
     * the params; a warm run reads the same selection back from the cache.
     */
    @Test
    void theBestValRuleReportsTheEarliestBestEpochAndKeepsTheCurve() throws IOException {
        TinyProject.data(home, false);
        RunResult last = run(TinySuite.declarations(home).build());
        Suite.Builder best = TinySuite.declarations(home).epochRule(dev.lottery.catalog.EpochRule.BEST_VAL);
        RunResult cold = run(best.build());
        for (FixtureResult f : cold.fixtures()) {
            assertThat(f.params().get("report")).startsWith("best epoch on the reference variant");
            for (SeedResult s : f.seeds()) {
                assertThat(s.referenceByEpoch()).hasSize(20);
                double max = s.referenceByEpoch().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                assertThat(s.reportedEpoch()).isEqualTo(s.referenceByEpoch().indexOf(max) + 1);
                if (f.variant().equals("val")) {
                    assertThat(s.accuracy()).isEqualTo(max);
                }
            }
        }
        assertThat(cold.fixtures().get(0).seeds().get(0).headKey())
                .isNotEqualTo(last.fixtures().get(0).seeds().get(0).headKey());
        RunResult warm = run(TinySuite.declarations(home).epochRule(dev.lottery.catalog.EpochRule.BEST_VAL).build());
        assertThat(warm.fixtures()).flatExtracting(FixtureResult::seeds).allMatch(SeedResult::headFromCache);
        assertThat(warm.fixtures()).flatExtracting(FixtureResult::seeds)
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("headFromCache")
                .isEqualTo(cold.fixtures().stream().flatMap(f -> f.seeds().stream()).toList());
    }

    @Test
    void aSelectionOfProtocolsKeepsTheirFixturesAndRefusesAProtocolTheSuiteLacks() throws IOException {
        TinyProject.data(home, false);
        Suite suite = withProtocols(TinySuite.declarations(home)).build();
        assertThat(suite.onlyProtocols(List.of("views-2")).fixtures()).hasSize(4)
                .allMatch(f -> f.protocol().equals(Protocol.views(2)));
        assertThat(suite.onlyProtocols(null)).isSameAs(suite);
        assertThatThrownBy(() -> suite.onlyProtocols(List.of("views-8")))
                .hasMessageContaining("has no protocol(s) [views-8]").hasMessageContaining("[center, views-2, augmented]");
    }

    /** A bad training image is counted once and left out of every view and every augmented epoch, never fatal. */
    @Test
    void aBadTrainingImageIsCountedOnceAndSkippedInEveryViewAndEpoch() throws IOException {
        TinyProject.data(home, false, true);
        RunResult r = run(withProtocols(TinySuite.declarations(home)).build());
        assertThat(r.badSamples()).singleElement().satisfies(b -> assertThat(b.line()).startsWith("train\t")
                .contains("s00004"));
        assertThat(r.fixtures()).hasSize(12).allSatisfy(f -> assertThat(f.seeds()).hasSize(2));
        assertThat(r.exitCode(true)).isZero();
    }

    @Test
    void aProtocolOtherThanCenterNeedsTheRoutinesTrainTransform() throws IOException {
        TinyProject.data(home, false);
        assertThatThrownBy(() -> TinySuite.declarations(home).protocol(Protocol.AUGMENTED).build())
                .hasMessageContaining("protocol 'augmented' needs the train transform of routine 'fast'");
    }

    /**
     * A head trained with checkpoints, killed after epoch 3 (its rows fail when epoch 3 begins), then trained
     * again: it resumes after the last stored epoch and ends bit-identical to an uninterrupted head, and no
     * checkpoint is left once the head is stored.
     */
    @Test
    void aKilledResumableHeadResumesAfterItsLastEpochWithTheSameFinalHead() throws IOException {
        Routine routine = new Routine("r", Optimizer.SGD, 0.1, 0.9, true, 1e-4, Schedule.COSINE, new int[0], 0.1, 1, 6,
                16, 0, "test");
        int[] labels = new int[50];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 3;
        }
        HeadProvenance key = HeadProvenance.ofAugmented(null, routine, 7, 3, "test-numerics");
        try (Probe probe = Engines.probe(Device.cpu())) {
            ContentStore once = new ContentStore(home.resolve("once"));
            LinearHead uninterrupted = new HeadStage(once, probe, "test-numerics", new Progress(false, new PrintStream(new ByteArrayOutputStream())))
                    .head("t", key, new EpochFeatures(-1), labels, 3, routine, 7, true).head();

            ContentStore store = new ContentStore(home.resolve("killed"));
            HeadStage stage = new HeadStage(store, probe, "test-numerics", new Progress(false, new PrintStream(new ByteArrayOutputStream())));
            assertThatThrownBy(() -> stage.head("t", key, new EpochFeatures(3), labels, 3, routine, 7, true))
                    .hasMessageContaining("killed at epoch 3");
            assertThat(entries(home.resolve("killed/head-checkpoints"))).hasSize(1);
            HeadStage.TrainedHead resumed = stage.head("t", key, new EpochFeatures(-1), labels, 3, routine, 7, true);
            assertThat(resumed.fromCache()).isFalse();
            assertThat(resumed.head().weight()).isEqualTo(uninterrupted.weight());
            assertThat(resumed.head().bias()).isEqualTo(uninterrupted.bias());
            assertThat(entries(home.resolve("killed/head-checkpoints"))).isEmpty();

            // and a head resumed from the wrong epoch's state would differ: the checkpoint matters
            ContentStore none = new ContentStore(home.resolve("none"));
            LinearHead plainSgd = new HeadStage(none, probe, "test-numerics", new Progress(false, new PrintStream(new ByteArrayOutputStream())))
                    .head("t", HeadProvenance.ofAugmented(null, routine, 8, 3, "test-numerics"), new EpochFeatures(-1),
                            labels, 3, routine, 8, true).head();
            assertThat(plainSgd.weight()).isNotEqualTo(uninterrupted.weight());
        }
    }

    private List<Path> featureEntries() throws IOException {
        return entries(home.resolve(".cache/features"));
    }

    private static List<Path> entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".bin")).toList();
        }
    }

    /** 50 x 4 rows that differ per epoch (as augmented epochs do); beginning epoch {@code killAt} fails. */
    private record EpochFeatures(int killAt) implements EpochRows {
        @Override
        public int rows() {
            return 50;
        }

        @Override
        public int cols() {
            return 4;
        }

        @Override
        public void beginEpoch(int epoch) {
            if (epoch == killAt) {
                throw new IllegalStateException("killed at epoch " + epoch);
            }
        }

        @Override
        public void gather(int epoch, int[] idx, int from, int to, FloatBuffer dst, int stride) {
            for (int k = from; k < to; k++) {
                int i = idx[k];
                for (int c = 0; c < 4; c++) {
                    dst.put((k - from) * stride + c, (float) Math.sin(i * 0.7 + c + 0.3 * epoch) + (i % 3 == c ? 1f : 0f));
                }
            }
        }
    }
}

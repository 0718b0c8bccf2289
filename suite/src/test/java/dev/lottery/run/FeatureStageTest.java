package dev.lottery.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.lottery.backbone.Backbone;
import dev.lottery.catalog.Variant;
import dev.lottery.catalog.Where;
import dev.lottery.data.ClassList;
import dev.lottery.data.Preprocessing;
import dev.lottery.data.ShardWriter;
import dev.lottery.features.ContentStore;
import dev.lottery.features.FeatureMatrix;
import dev.lottery.features.FeatureRows;
import dev.lottery.probe.Engines;
import dev.lottery.probe.Probe;
import dev.lottery.probe.Optimizer;
import dev.lottery.probe.Routine;
import dev.lottery.probe.Schedule;
import dev.lottery.score.ScoringRule;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1,000-image split through {@link FeatureStage} into a store whose chunks hold 400 rows, so the
 * features cross chunk boundaries (3 chunks) without gigabytes, then through {@link HeadStage}.
 */
class FeatureStageTest {

    static final int ROWS = 1000;

    @TempDir
    Path dir;

    /** Sample i is a 4x4 gray image whose pixel (0,0) encodes i, label i % 3. */
    private Path dataset() throws IOException {
        Path split = dir.resolve("data/train");
        try (ShardWriter w = new ShardWriter(split, "shard", 300, ClassList.of(List.of("a", "b", "c"), "test"))) {
            for (int i = 0; i < ROWS; i++) {
                BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
                img.getRaster().setSample(0, 0, 0, i % 256);
                img.getRaster().setSample(1, 0, 0, i / 256);
                img.getRaster().setSample(2 + i % 2, 1 + i % 3, 0, 200);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageIO.write(img, "png", out);
                w.write(String.format("s%05d", i), out.toByteArray(), "png", i % 3);
            }
        }
        return split;
    }

    private FeatureSet extract(ContentStore store, Path split, Supplier<Backbone> backbone) throws IOException {
        return extract(store, split, backbone, dev.lottery.catalog.Suite.DEFAULT_EXTRACTION_BATCH);
    }

    private FeatureSet extract(ContentStore store, Path split, Supplier<Backbone> backbone, int batch)
            throws IOException {
        Variant train = new Variant("train", split, ROWS, new ScoringRule.Top1(), "train",
                new Where(dir.resolve("variants.csv"), 2));
        Preprocessing raw = new Preprocessing("raw", 0, 0, "bilinear", new float[] {0}, new float[] {1}, 1);
        FeatureStage stage = new FeatureStage(store, 1, new Progress(false, new PrintStream(new ByteArrayOutputStream())),
                false, batch);
        return stage.features("test", RawPixels.ORIGIN, backbone, train, SplitLocator.spec(train, null, null, null), raw,
                false);
    }

    @Test
    void aSplitStreamsIntoChunksAndTrainsTheSameHeadAsOneChunk() throws IOException {
        Path split = dataset();
        RawPixels model = new RawPixels();
        ContentStore chunked = new ContentStore(dir.resolve("chunked"), 400 * 16);
        FeatureSet fresh = extract(chunked, split, () -> model);
        assertThat(model.batches).isEqualTo(4); // batches of 256 rows: 256, 512, 768, 1000 straddle the chunks
        FeatureSet cached = extract(new ContentStore(dir.resolve("chunked"), 400 * 16), split, () -> {
            throw new AssertionError("a cached split must not open the backbone");
        });
        assertThat(cached.fromCache()).isTrue();
        for (FeatureSet set : List.of(fresh, cached)) {
            FeatureRows x = set.features();
            assertThat(x.chunkCount()).isEqualTo(3);
            assertThat(x.rows()).isEqualTo(ROWS);
            for (int i = 0; i < ROWS; i++) {
                // dataset order, each row its own sample
                assertThat(x.get(i, 0) + 256 * x.get(i, 1)).isEqualTo(i);
                assertThat(set.labels()[i]).containsExactly(i % 3);
            }
        }
        FeatureSet whole = extract(new ContentStore(dir.resolve("whole")), split, RawPixels::new);
        assertThat(whole.features().chunkCount()).isEqualTo(1);
        assertThat(whole.features()).isEqualTo(fresh.features());

        Routine routine = new Routine("t", Optimizer.SGD, 0.01, 0.9, false, 1e-4, Schedule.COSINE, null, 1, 0, 2, 64,
                0, "test");
        try (Probe probe = Engines.probe(Device.cpu())) {
            Progress quiet = new Progress(false, new PrintStream(new ByteArrayOutputStream()));
            var a = new HeadStage(chunked, probe, "cpu", quiet).head("t", cached, 3, routine, 0);
            var b = new HeadStage(new ContentStore(dir.resolve("whole")), probe, "cpu", quiet)
                    .head("t", whole, 3, routine, 0);
            assertThat(a.fromCache()).isFalse();
            assertThat(b.fromCache()).isFalse();
            assertThat(a.head()).isEqualTo(b.head());
        }
    }

    /** A suite's extraction batch sizes the backbone's calls and keys the features: another batch re-extracts. */
    @Test
    void theExtractionBatchSizesTheCallsAndKeysTheFeatures() throws IOException {
        Path split = dataset();
        ContentStore store = new ContentStore(dir.resolve("batches"));
        RawPixels at300 = new RawPixels();
        FeatureSet a = extract(store, split, () -> at300, 300);
        assertThat(at300.batches).isEqualTo(4); // 300, 300, 300, 100
        assertThat(a.provenance().batch()).isEqualTo(300);
        RawPixels at1000 = new RawPixels();
        FeatureSet b = extract(store, split, () -> at1000, 1000);
        assertThat(b.fromCache()).isFalse();
        assertThat(at1000.batches).isEqualTo(1);
        assertThat(b.features()).isEqualTo(a.features());
        assertThat(extract(store, split, () -> {
            throw new AssertionError("the same batch must find its features cached");
        }, 300).fromCache()).isTrue();
    }
}

package dev.lottery.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePipelineTest {
    @TempDir Path tmp;

    private static final Preprocessing GRAY = new Preprocessing("gray", 0, 0, "bilinear",
            new float[] {0f}, new float[] {1f}, 1);

    /** 25 samples over 3 shards; every 6th has garbage bytes, sample 10 has a different size. */
    private Path dataset() throws IOException {
        Path dir = tmp.resolve("ds");
        try (ShardWriter w = new ShardWriter(dir, "p", 9, ClassList.of(List.of("a", "b"), "t"))) {
            for (int i = 0; i < 25; i++) {
                byte[] img = i % 6 == 5 ? new byte[] {1, 2, 3, 4} : TestImages.grayPng(i == 10 ? 5 : 4, 3, i);
                w.write(String.format("s%02d", i), img, "png", i % 2);
            }
        }
        return dir;
    }

    @Test
    void batchesComeInDatasetOrderAndBadImagesAreSkippedAndCounted() throws Exception {
        ShardDataset ds = ShardDataset.open(dataset());
        List<String> forEachOrder = new ArrayList<>();
        ds.forEach(s -> forEachOrder.add(s.key()));

        BadSamples bad = new BadSamples();
        List<String> keys = new ArrayList<>();
        List<Float> firstPixels = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        PipelineStats stats = ImagePipeline.run(ds, GRAY, 4, 2, bad, batch -> {
            sizes.add(batch.n());
            assertThat(batch.nhwc()).hasSize(batch.n() * 3 * 4);
            assertThat(batch.height()).isEqualTo(3);
            assertThat(batch.width()).isEqualTo(4);
            for (int i = 0; i < batch.n(); i++) {
                keys.add(batch.keys()[i]);
                firstPixels.add(batch.nhwc()[i * 12] * 255f);
                int idx = Integer.parseInt(batch.keys()[i].substring(1));
                assertThat(batch.labels()[i]).containsExactly(idx % 2);
            }
        });

        List<String> expected = new ArrayList<>(forEachOrder);
        expected.removeAll(List.of("s05", "s10", "s11", "s17", "s23"));
        assertThat(keys).isEqualTo(expected);
        assertThat(stats).isEqualTo(new PipelineStats(20, 5));
        assertThat(sizes).containsExactly(4, 4, 4, 4, 4);
        for (int i = 0; i < keys.size(); i++) {
            int idx = Integer.parseInt(keys.get(i).substring(1));
            assertThat(firstPixels.get(i)).isCloseTo((float) idx, org.assertj.core.data.Offset.offset(1e-3f));
        }
        assertThat(bad.list()).extracting(BadSample::key).containsExactly("s05", "s10", "s11", "s17", "s23");
        assertThat(bad.list().get(1).reason()).contains("differs from the first image's 3x4");
        assertThat(bad.list().get(0).reason()).contains("not a PNG or JPEG");
    }

    @Test
    void sameRowsWhateverTheThreadCount() throws Exception {
        ShardDataset ds = ShardDataset.open(dataset());
        List<float[]> one = new ArrayList<>();
        List<float[]> three = new ArrayList<>();
        ImagePipeline.run(ds, GRAY, 5, 1, new BadSamples(), b -> one.add(b.nhwc()));
        ImagePipeline.run(ds, GRAY, 5, 3, new BadSamples(), b -> three.add(b.nhwc()));
        assertThat(three).hasSameSizeAs(one);
        for (int i = 0; i < one.size(); i++) {
            assertThat(three.get(i)).isEqualTo(one.get(i));
        }
    }

    @Test
    void corruptShardFailsTheRunNamingTheShard() throws Exception {
        Path dir = dataset();
        Path shard = dir.resolve("p-000001.tar.gz");
        byte[] bytes = java.nio.file.Files.readAllBytes(shard);
        java.nio.file.Files.write(shard, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        ShardDataset ds = ShardDataset.open(dir);
        assertThatThrownBy(() -> ImagePipeline.run(ds, GRAY, 4, 2, new BadSamples(), b -> { }))
                .isInstanceOf(ShardFormatException.class).hasMessageContaining("p-000001.tar.gz");
    }

    @Test
    void consumerFailureStopsTheRunAndPropagates() throws Exception {
        ShardDataset ds = ShardDataset.open(dataset());
        assertThatThrownBy(() -> ImagePipeline.run(ds, GRAY, 2, 2, new BadSamples(), b -> {
            throw new IllegalStateException("sink full");
        })).hasMessage("sink full");
    }
}

package dev.lottery.backbone;

import dev.lottery.backbone.tensorflow.ResNetGraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.lottery.features.FeatureMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackbonesTest {

    @TempDir
    Path cache;

    @Test
    void pixelsAreTheFlattenedInputExactly() {
        float[] images = ResNetGraphNumericsTest.randomImages(3 * 5 * 4 * 2, 3);
        try (Backbone pixels = Backbones.pixels(Device.cpu())) {
            FeatureMatrix m = pixels.extract(images, 3, 5, 4, 2);
            assertThat(m.rows()).isEqualTo(3);
            assertThat(m.cols()).isEqualTo(40);
            assertThat(m.values()).containsExactly(images);
            assertThat(pixels.featureDim()).isEqualTo(40);
            assertThat(pixels.id()).isEqualTo("pixels");
            assertThatThrownBy(() -> pixels.extract(new float[40], 1, 4, 5, 2))
                    .hasMessageContaining("expects images [5, 4, 2]").hasMessageContaining("found [4, 5, 2]");
        }
    }

    @Test
    void savedModelIsCachedAndNoPartialDirIsLeft() throws IOException {
        ResNetSpec spec = new ResNetSpec(new int[] {1, 1, 1, 1}, 4, 3);
        var weights = HeInit.resnet(spec, 0);
        Path first = ResNetGraph.writeSavedModel(spec, weights, cache);
        long written = Files.getLastModifiedTime(first.resolve("saved_model.pb")).toMillis();
        Path second = ResNetGraph.writeSavedModel(spec, HeInit.resnet(spec, 0), cache);
        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second.resolve("saved_model.pb")).toMillis()).isEqualTo(written);
        Path other = ResNetGraph.writeSavedModel(spec, HeInit.resnet(spec, 1), cache);
        assertThat(other).isNotEqualTo(first);
        try (Stream<Path> entries = Files.list(cache)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(first.getFileName().toString(), other.getFileName().toString());
        }
    }

    @Test
    void pocketResNetMaps28x28To512Features() {
        // Pocket spec: 28 -> 14 (stem) -> 7 (maxpool) -> 7 -> 4 -> 2 -> 1, 512-d features.
        ResNetSpec pocket = new ResNetSpec(new int[] {3, 4, 6, 3}, 16, 3);
        float[] images = ResNetGraphNumericsTest.randomImages(4 * 28 * 28 * 3, 9);
        try (Backbone net = Backbones.randomResNet(pocket, 0, cache, Device.cpu())) {
            assertThat(net.id()).isEqualTo("random-resnet(w=16,seed=0)");
            assertThat(net.featureDim()).isEqualTo(512);
            FeatureMatrix m = net.extract(images, 4, 28, 28, 3);
            assertThat(m.rows()).isEqualTo(4);
            assertThat(m.cols()).isEqualTo(512);
            for (float v : m.values()) {
                assertThat(v).isFinite().isGreaterThanOrEqualTo(0f); // mean of ReLU outputs
            }
            assertThat(m.values()).as("not all zero").contains(m.values()[0]).isNotEqualTo(new float[m.values().length]);
            // Row i depends only on image i: the same image alone gives the same row.
            float[] second = java.util.Arrays.copyOfRange(images, 28 * 28 * 3, 2 * 28 * 28 * 3);
            FeatureMatrix alone = net.extract(second, 1, 28, 28, 3);
            for (int c = 0; c < 512; c++) {
                assertThat(alone.get(0, c)).isCloseTo(m.get(1, c), org.assertj.core.data.Offset.offset(1e-5f));
            }
            assertThatThrownBy(() -> net.extract(new float[28 * 28], 1, 28, 28, 1))
                    .hasMessageContaining("expects 3 input channels, found 1");
        }
    }

    @Test
    void resNetIdNamesWeightsDigest() {
        ResNetSpec spec = new ResNetSpec(new int[] {1, 1, 1, 1}, 4, 3);
        var weights = HeInit.resnet(spec, 2);
        try (Backbone net = Backbones.resNet(spec, weights, cache, Device.cpu())) {
            assertThat(net.id()).isEqualTo(
                    "resnet(blocks=1-1-1-1,w=4,weights=" + Backbones.weightsDigest(weights).substring(0, 12) + ")");
            assertThat(net.extract(new float[2 * 9 * 9 * 3], 2, 9, 9, 3).cols()).isEqualTo(128);
        }
    }

    @Test
    void fullSizeResnet50GraphLoadsAndRuns() {
        // The size a real torchvision checkpoint will have: ~100 MB of constants in one GraphDef.
        ResNetSpec r50 = ResNetSpec.resnet50();
        try (Backbone net = Backbones.randomResNet(r50, 0, cache, Device.cpu())) {
            FeatureMatrix m = net.extract(ResNetGraphNumericsTest.randomImages(64 * 64 * 3, 4), 1, 64, 64, 3);
            assertThat(m.cols()).isEqualTo(2048);
            assertThat(m.values()).isNotEqualTo(new float[2048]);
        }
    }
}

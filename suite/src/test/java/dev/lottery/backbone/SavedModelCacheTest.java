package dev.lottery.backbone;

import dev.lottery.backbone.tensorflow.ResNetGraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cached SavedModel of a ResNet is checked before use, like the store's entries, and rebuilt when damaged. */
class SavedModelCacheTest {

    @TempDir
    Path cache;

    @Test
    void aDamagedSavedModelIsRebuiltNotLoaded() throws IOException {
        ResNetSpec spec = ResNetSpec.resnet50(2, 1);
        Map<String, WeightTensor> weights = HeInit.resnet(spec, 3);
        Path dir = ResNetGraph.writeSavedModel(spec, weights, cache);
        Path pb = dir.resolve("saved_model.pb");
        byte[] good = Files.readAllBytes(pb);
        byte[] bad = good.clone();
        for (int i = bad.length / 2; i < bad.length / 2 + 100; i++) {
            bad[i] ^= 0x33;
        }
        Files.write(pb, bad);

        assertThat(ResNetGraph.writeSavedModel(spec, weights, cache)).isEqualTo(dir);
        assertThat(Files.readAllBytes(pb)).isEqualTo(good);
        try (var left = Files.list(cache)) {
            assertThat(left).containsExactly(dir);
        }
    }

    @Test
    void aTempFolderOfAWriterThatDiedIsRemoved() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path stale = Files.createDirectories(cache.resolve(".tmp-resnet-0123.p" + gone.pid() + "@"
                + dev.lottery.features.TempOwner.current().host() + ".99"));
        Files.write(stale.resolve("saved_model.pb"), new byte[1000]);
        ResNetGraph.writeSavedModel(ResNetSpec.resnet50(2, 1), HeInit.resnet(ResNetSpec.resnet50(2, 1), 3), cache);
        assertThat(stale).doesNotExist();
    }
}

package dev.lottery.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lottery.backbone.Backbones;
import dev.lottery.probe.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine is chosen once per room (probe.Engines for heads and devices, Backbones for graphs); the
 * runner records one engine in the numeric environment, so the two choices must be the same engine.
 */
class EngineChoiceTest {

    @Test
    void headsAndGraphsRunOnOneEngine() {
        assertThat(Backbones.graphs().engine()).isEqualTo(Engines.defaultName());
        assertThat(Engines.defaultEngine().getEngineName()).isEqualTo(Engines.defaultName());
    }

    @Test
    void featureOriginsNameTheGraphEngineExceptForOnnx() {
        assertThat(Backbones.engine(false)).isEqualTo(Backbones.graphs().engine());
        assertThat(Backbones.engine(true)).isEqualTo("OnnxRuntime");
    }

    /** The engine's name as a literal, and its APIs in the probe, appear only in the adapters (the {@code tensorflow} sub-packages). */
    @Test
    void noEngineNameOutsideItsAdapter() throws IOException {
        Path main = Path.of("src/main/java/dev/lottery");
        try (Stream<Path> files = Files.walk(main)) {
            List<Path> sources = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.getParent().getFileName().toString().equals("tensorflow")).toList();
            assertThat(sources).hasSizeGreaterThan(100);
            for (Path f : sources) {
                String text = Files.readString(f);
                assertThat(text).as("%s names the engine", f).doesNotContain("\"TensorFlow\"");
                if (f.startsWith(main.resolve("probe"))) {
                    assertThat(text).as("%s uses TensorFlow's API", f)
                            .doesNotContain("import ai.djl.tensorflow").doesNotContain("import org.tensorflow")
                            .doesNotContain("import static org.tensorflow");
                }
            }
        }
    }
}

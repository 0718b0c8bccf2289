package dev.lottery.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lottery.backbone.Backbones;
import dev.lottery.probe.Engines;
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
}

package dev.lottery.probe;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DevicesTest {

    @Test
    void cpuIsAlwaysTheCpu() {
        assertThat(Devices.resolve("cpu")).isEqualTo(Device.cpu());
        assertThat(Devices.resolve(" CPU ")).isEqualTo(Device.cpu());
    }

    @Test
    void autoFollowsTheGpuCount() {
        boolean gpu = Engine.getEngine("TensorFlow").getGpuCount() > 0;
        assertThat(Devices.resolve("auto")).isEqualTo(gpu ? Device.gpu() : Device.cpu());
    }

    @Test
    void gpuWithoutAGpuIsAnError() {
        assumeTrue(Engine.getEngine("TensorFlow").getGpuCount() == 0, "a GPU is present");
        assertThatThrownBy(() -> Devices.resolve("gpu")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no GPU");
    }

    @Test
    void unknownChoiceNamesTheChoices() {
        assertThatThrownBy(() -> Devices.resolve("tpu")).hasMessageContaining("auto, cpu, gpu").hasMessageContaining("'tpu'");
    }
}

package dev.lottery.backbone;

import ai.djl.ndarray.NDManager;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class EngineSmokeTest {
    @Test
    void tfEngineLoads() {
        Engine e = Engine.getEngine("TensorFlow");
        System.out.println("engine " + e.getEngineName() + " " + e.getVersion());
        try (NDManager m = e.newBaseManager()) {
            var a = m.create(new float[]{1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            var b = a.matMul(a);
            System.out.println(b);
            assertThat(b.toFloatArray()).containsExactly(7, 10, 15, 22);
        }
    }
}

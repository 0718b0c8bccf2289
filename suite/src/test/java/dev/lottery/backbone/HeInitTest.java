package dev.lottery.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HeInitTest {

    private final ResNetSpec spec = new ResNetSpec(new int[] {1, 1, 1, 1}, 16, 3);

    @Test
    void sameSeedSameWeightsDifferentSeedDifferent() {
        Map<String, WeightTensor> a = HeInit.resnet(spec, 42);
        assertThat(HeInit.resnet(spec, 42)).isEqualTo(a);
        Map<String, WeightTensor> b = HeInit.resnet(spec, 43);
        assertThat(b.keySet()).isEqualTo(a.keySet());
        assertThat(b.get("layer3.0.conv2.weight")).isNotEqualTo(a.get("layer3.0.conv2.weight"));
        assertThat(Backbones.weightsDigest(b)).isNotEqualTo(Backbones.weightsDigest(a));
        assertThat(Backbones.weightsDigest(HeInit.resnet(spec, 42))).isEqualTo(Backbones.weightsDigest(a));
    }

    @Test
    void convStdIsSqrtTwoOverFanOut() {
        // layer4.0.conv2: [128, 128, 3, 3] = 147456 values, fan_out = 128*9
        WeightTensor t = HeInit.resnet(spec, 5).get("layer4.0.conv2.weight");
        assertThat(t.shape()).containsExactly(128, 128, 3, 3);
        double mean = 0, sq = 0;
        for (float v : t.values()) {
            mean += v;
            sq += (double) v * v;
        }
        mean /= t.values().length;
        double std = Math.sqrt(sq / t.values().length - mean * mean);
        double expected = Math.sqrt(2.0 / (128 * 9));
        assertThat(mean).isCloseTo(0, within(0.01 * expected));
        assertThat(std).isCloseTo(expected, within(0.01 * expected));
    }

    @Test
    void batchNormIsIdentityAndFcUniform() {
        Map<String, WeightTensor> w = HeInit.resnet(spec, 5, 10);
        assertThat(w.get("layer2.0.bn1.weight").values()).containsOnly(1f);
        assertThat(w.get("layer2.0.bn1.bias").values()).containsOnly(0f);
        assertThat(w.get("layer2.0.bn1.running_mean").values()).containsOnly(0f);
        assertThat(w.get("layer2.0.bn1.running_var").values()).containsOnly(1f);
        float bound = (float) (1 / Math.sqrt(spec.featureDim()));
        for (float v : w.get("fc.weight").values()) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
        }
        assertThat(HeInit.resnet(spec, 5)).doesNotContainKey("fc.weight");
    }
}

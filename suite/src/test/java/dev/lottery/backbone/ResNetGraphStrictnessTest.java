package dev.lottery.backbone;

import dev.lottery.backbone.tensorflow.ResNetGraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

class ResNetGraphStrictnessTest {

    private final ResNetSpec spec = new ResNetSpec(new int[] {1, 1, 1, 1}, 4, 3);

    private Map<String, WeightTensor> weights() {
        return new LinkedHashMap<>(HeInit.resnet(spec, 1));
    }

    @Test
    void acceptsExactlyTheExpectedKeys() {
        GraphDef graph = ResNetGraph.build(spec, weights());
        assertThat(graph.getNodeList()).extracting(NodeDef::getName)
                .contains("images", "features", "layer1.0.downsample.0.weight", "layer4.0.bn3")
                .doesNotContain("logits");
    }

    @Test
    void missingKeyIsNamedWithItsShape() {
        Map<String, WeightTensor> w = weights();
        w.remove("layer2.0.bn2.running_var");
        assertThatThrownBy(() -> ResNetGraph.build(spec, w))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing layer2.0.bn2.running_var: expected shape [8]");
    }

    @Test
    void wrongShapeNamesKeyExpectedAndFound() {
        Map<String, WeightTensor> w = weights();
        w.put("layer1.0.conv2.weight", new WeightTensor(new long[] {4, 4, 1, 1}, new float[16]));
        assertThatThrownBy(() -> ResNetGraph.build(spec, w))
                .hasMessageContaining("wrong shape for layer1.0.conv2.weight: expected [4, 4, 3, 3], found [4, 4, 1, 1]");
    }

    @Test
    void unexpectedKeysAreListedUnlessIgnored() {
        Map<String, WeightTensor> w = weights();
        w.put("layer1.0.bn1.num_batches_tracked", new WeightTensor(new long[0], new float[1]));
        w.put("head.proj.weight", new WeightTensor(new long[] {2, 2}, new float[4]));
        assertThatThrownBy(() -> ResNetGraph.build(spec, w))
                .hasMessageContaining("unexpected keys")
                .hasMessageContaining("layer1.0.bn1.num_batches_tracked[]")
                .hasMessageContaining("head.proj.weight[2, 2]");

        GraphDef graph = ResNetGraph.build(spec, w, Set.of("*.num_batches_tracked", "head*"));
        assertThat(graph.getNodeCount()).isEqualTo(ResNetGraph.build(spec, weights()).getNodeCount());
        assertThat(ResNetGraph.build(spec, w, Set.of("*.num_batches_tracked", "head"))).isEqualTo(graph);
    }

    @Test
    void fcIsOptionalButMustBeComplete() {
        Map<String, WeightTensor> w = new LinkedHashMap<>(HeInit.resnet(spec, 1, 10));
        assertThat(ResNetGraph.build(spec, w).getNodeList()).extracting(NodeDef::getName).contains("logits");
        assertThat(ResNetGraph.build(spec, w, Set.of("fc")).getNodeList())
                .extracting(NodeDef::getName).doesNotContain("logits");

        w.remove("fc.bias");
        assertThatThrownBy(() -> ResNetGraph.build(spec, w)).hasMessageContaining("missing fc.bias: expected shape [10]");
        w.put("fc.bias", new WeightTensor(new long[] {10}, new float[10]));
        w.put("fc.weight", new WeightTensor(new long[] {10, 7}, new float[70]));
        assertThatThrownBy(() -> ResNetGraph.build(spec, w))
                .hasMessageContaining("wrong shape for fc.weight: expected [10, 128], found [10, 7]");
    }

    @Test
    void expectedWeightsFollowTorchvisionResnet50() {
        ResNetSpec r50 = ResNetSpec.resnet50();
        assertThat(r50.featureDim()).isEqualTo(2048);
        var keys = r50.expectedWeights(true, 1000);
        // torchvision resnet50's state_dict has 320 entries: these 267 plus 53 num_batches_tracked.
        assertThat(keys).hasSize(267);
        long params = keys.stream().filter(k -> !k.key().contains("running_"))
                .mapToLong(k -> java.util.Arrays.stream(k.shape()).reduce(1, (a, b) -> a * b)).sum();
        assertThat(params).isEqualTo(25_557_032L); // torchvision's published resnet50 parameter count
        assertThat(keys).contains(
                new WeightSpec("layer1.0.downsample.0.weight", new long[] {256, 64, 1, 1}),
                new WeightSpec("layer2.0.conv2.weight", new long[] {128, 128, 3, 3}),
                new WeightSpec("layer4.2.bn3.running_var", new long[] {2048}),
                new WeightSpec("fc.weight", new long[] {1000, 2048}));
        assertThat(keys).extracting(WeightSpec::key)
                .doesNotContain("layer1.1.downsample.0.weight", "layer2.1.downsample.0.weight");
        assertThat(new ResNetSpec(new int[] {3, 4, 6, 3}, 16, 3).featureDim()).isEqualTo(512);
    }
}

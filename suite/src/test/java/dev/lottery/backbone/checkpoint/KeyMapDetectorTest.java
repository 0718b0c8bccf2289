package dev.lottery.backbone.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyMapDetectorTest {

    private static final Path DIR = CheckpointReaderTest.DIR;

    @Test
    void aDeclaredLayoutIsFoundAndItsTwinsNamed() {
        KeyMapDetector.Detected moco = KeyMapDetector.detect(DIR.resolve("moco.pth"));
        // the key encoder under module.encoder_k. is another network: a declared layout wins over it
        assertThat(moco.keymap()).isEqualTo("moco");
        assertThat(moco.equivalent()).contains("pcl", "torchvision-ssl@module.encoder_q.")
                .doesNotContain("torchvision-ssl@module.encoder_k.");
        assertThat(KeyMapDetector.detect(DIR.resolve("simsiam.pth")).keymap()).isEqualTo("simsiam");
        assertThat(KeyMapDetector.detect(DIR.resolve("swav.pth")).keymap()).isEqualTo("swav");
        assertThat(KeyMapDetector.detect(DIR.resolve("mocov3.pth")).keymap()).isEqualTo("mocov3");
    }

    @Test
    void plainTorchvisionNamesReadAsTheGenericSslMapWithPyTorchPadding() {
        KeyMapDetector.Detected plain = KeyMapDetector.detect(DIR.resolve("plain.pth"));
        assertThat(plain.keymap()).isEqualTo(KeyMaps.SSL);
        assertThat(plain.equivalent()).contains("dino", "barlowtwins", "vicreg").doesNotContain("byol");
        // a supervised file's fc is dropped as an SSL file's projector would be
        assertThat(KeyMapDetector.detect(DIR.resolve("torchvision.pth")).keymap()).isEqualTo(KeyMaps.SSL);
    }

    @Test
    void aFileNoMapReadsIsRefusedListingItsKeysAndTheClosestMap() {
        assertThatThrownBy(() -> KeyMapDetector.detect(DIR.resolve("numpy-arrays-p2.pkl")))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("no key map reads this checkpoint")
                .hasMessageContaining("closest:")
                .hasMessageContaining("keymap=torchvision-ssl@PREFIX");
    }

    @Test
    void aPrefixIsTheStemInFrontOfConv1AndBn1() {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (String k : new String[] {"backbone.conv1.weight", "backbone.bn1.weight", "backbone.layer1.0.conv1.weight",
            "backbone.layer1.0.bn1.weight", "head.0.weight", "student.conv1.weight"}) {
            tree.put(k, 0);
        }
        assertThat(KeyMapDetector.prefixes(tree)).containsExactly("backbone.");
    }

    @Test
    void aPrefixedMapReadsTheBackboneUnderItAndIgnoresTheRest() {
        KeyMap.Mapped q = Checkpoints.load(DIR.resolve("moco.pth"), "torchvision-ssl@module.encoder_q.");
        KeyMap.Mapped declared = Checkpoints.load(DIR.resolve("moco.pth"), "moco");
        assertThat(q.weights().keySet()).isEqualTo(declared.weights().keySet());
        assertThat(q.weights().get("conv1.weight").values()).isEqualTo(declared.weights().get("conv1.weight").values());
        assertThatThrownBy(() -> KeyMaps.named("nope@x.")).hasMessageContaining("unknown key map 'nope'");
        assertThatThrownBy(() -> KeyMaps.named("moco@")).hasMessageContaining("names no prefix");
    }
}

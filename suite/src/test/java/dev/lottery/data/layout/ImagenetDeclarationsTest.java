package dev.lottery.data.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lottery.catalog.Catalog;
import dev.lottery.catalog.Variant;
import dev.lottery.run.SplitLocator;
import dev.lottery.score.ScoringRule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed ImageNet declarations and class files agree with each other and with LAYOUTS.md. */
class ImagenetDeclarationsTest {
    private static final Map<String, Variant> DECLARED =
            Catalog.readDatasetVariants(TinyFiles.META.resolve("variants.csv"));

    @Test
    void theTenVariantsAreDeclaredUnderTheDataRootWithSourcesAndLicences() {
        assertThat(DECLARED.keySet()).containsExactly("imagenet-train", "imagenet-val", "imagenet-real", "imagenet-v2",
                "imagenet-v2-threshold07", "imagenet-v2-topimages", "imagenet-r", "imagenet-val-r200", "imagenet-sketch",
                "imagenet-a");
        assertThat(DECLARED.get("imagenet-val-r200").dir()).isEqualTo(DECLARED.get("imagenet-val").dir());
        assertThat(DECLARED.values()).allMatch(Variant::underDataRoot)
                .allMatch(v -> v.sourceUrl().startsWith("https://")).allMatch(v -> !v.licence().isEmpty());
        assertThat(DECLARED.get("imagenet-real").realLabels()).isTrue();
        assertThat(DECLARED.get("imagenet-val").realLabels()).isFalse();
        assertThat(DECLARED.get("imagenet-sketch").expectedCount()).isEqualTo(50889);
        assertThat(DECLARED.get("imagenet-real").dir()).isEqualTo(DECLARED.get("imagenet-val").dir());
    }

    @Test
    void theRAndASubsetsAreExactlyTheirWnidFiles() throws Exception {
        ImagenetClasses in = TinyFiles.imagenet();
        for (String[] pair : new String[][] {{"imagenet-r", "imagenet_r_wnids.txt"}, {"imagenet-a", "imagenet_a_wnids.txt"}}) {
            int[] subset = ((ScoringRule.ClassSubset) DECLARED.get(pair[0]).scoring()).classes();
            if (pair[0].equals("imagenet-r")) {
                // the control scores val on exactly R's classes
                assertThat(((ScoringRule.RestrictedSubset) DECLARED.get("imagenet-val-r200").scoring()).subset().classes())
                        .containsExactly(subset);
            }
            List<String> wnids = Files.readAllLines(TinyFiles.META.resolve(pair[1]), StandardCharsets.US_ASCII);
            assertThat(Arrays.stream(subset).mapToObj(i -> in.wnids().name(i)).toList()).as(pair[0])
                    .containsExactlyElementsOf(wnids.stream().map(String::strip).toList());
        }
    }

    @Test
    void pathsResolveAgainstTheDataRootOrAnOverrideAndNeedOneOfThem() {
        Variant r = DECLARED.get("imagenet-r");
        Path data = Path.of("/data/imagenet");
        SplitSpec spec = SplitLocator.spec(r, data, Map.of(), null);
        assertThat(spec.root()).isEqualTo(Path.of("/data/imagenet/imagenet-r"));
        assertThat(spec.classSubset()).hasSize(200);
        assertThat(spec.metaDir()).isEqualTo(TinyFiles.META);
        assertThat(SplitLocator.spec(r, null, Map.of("imagenet-r", Path.of("/elsewhere/r")), null).root())
                .isEqualTo(Path.of("/elsewhere/r"));
        assertThatThrownBy(() -> SplitLocator.spec(r, null, Map.of(), null))
                .hasMessageContaining("imagenet-r").hasMessageContaining("--data-root").hasMessageContaining("LOTTERY_DATA");
    }

    @Test
    void theDevkitIdMapAgreesWithTheFirstTenValLabels() throws Exception {
        // LAYOUTS.md section 0: val images 1..10 have IDs 490 361 171 822 297 482 13 704 599 164, and image 1 is n01751748
        ImagenetClasses in = TinyFiles.imagenet();
        assertThat(in.wnids().name(in.indexOfDevkitId(490))).isEqualTo("n01751748");
        assertThat(in.indexOfDevkitId(0)).isEqualTo(-1);
        assertThat(in.name(0)).startsWith("tench");
    }
}

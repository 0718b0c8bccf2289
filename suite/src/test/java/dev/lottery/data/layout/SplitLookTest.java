package dev.lottery.data.layout;

import static dev.lottery.data.layout.TinyFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lottery.data.BadSample;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SplitLook} and {@link LabelsCsv}: what {@code lottery datasets} reports, without the CLI. */
class SplitLookTest {
    @TempDir
    Path tmp;

    private SplitSpec tinyR() {
        Path r = tmp.resolve("r");
        write(r.resolve("n01440764/art 1.jpg"), TinyFiles.jpeg(1));
        write(r.resolve("n01440764/empty.jpg"), new byte[0]);
        write(r.resolve("n15075141/sketch_0.jpg"), TinyFiles.png(2));
        return new SplitSpec("tiny-r", r, Layout.AUTO, new int[] {0, 999}, false, null, TinyFiles.META);
    }

    @Test
    void aLookCountsSamplesAndClassesAndComparesWithTheDeclaredCount() throws Exception {
        SplitLook look = SplitLook.of(tinyR());

        assertThat(look.count()).isEqualTo(3);
        assertThat(look.seen()).isEqualTo(3);
        assertThat(look.classes()).isEqualTo(2);
        assertThat(look.fingerprint()).matches("[0-9a-f]{64}");
        assertThat(look.difference()).isEmpty();
        assertThat(look.matches(3)).isTrue();
        assertThat(look.matches(0)).as("no declared count").isTrue();
        assertThat(look.matches(4)).isFalse();
        assertThat(look.countLine(3, "variants.csv:2")).isEqualTo("3 samples, as declared");
        assertThat(look.countLine(4, "variants.csv:2")).isEqualTo("3 samples, but variants.csv:2 declares 4");
        assertThat(look.countLine(0, "variants.csv:2")).isEqualTo("3 samples");
        assertThat(look.badFiles(List.of(new BadSample("tiny-r", "b", "x"), new BadSample("tiny-r", "a", "y"))))
                .extracting(BadSample::key).containsExactly("a", "b");
    }

    @Test
    void aCopyMissingAClassFolderIsLookedAtAndDiffers() throws Exception {
        SplitSpec spec = tinyR();
        Files.delete(spec.root().resolve("n15075141/sketch_0.jpg"));
        Files.delete(spec.root().resolve("n15075141"));

        SplitLook look = SplitLook.of(spec);

        assertThat(look.count()).isEqualTo(2);
        assertThat(look.difference()).map(ClassFolderDifference::missing).contains(List.of("n15075141"));
        assertThat(look.matches(0)).isFalse();
    }

    @Test
    void labelsCsvHasOneRowPerSampleInSourceOrderAndQuotesAPathWithAComma() throws Exception {
        SplitSpec spec = tinyR();
        write(spec.root().resolve("n15075141/a,b.jpg"), TinyFiles.jpeg(3));
        Path csv = tmp.resolve("labels.csv");

        LabelsCsv.write(SplitLook.of(spec).source(), csv);

        assertThat(Files.readAllLines(csv, StandardCharsets.UTF_8)).containsExactly("path,labels",
                "n01440764/art 1.jpg,0", "n01440764/empty.jpg,0", "\"n15075141/a,b.jpg\",999",
                "n15075141/sketch_0.jpg,999");
    }
}

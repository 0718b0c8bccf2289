package dev.lottery.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lottery.catalog.Catalog;
import dev.lottery.catalog.Variant;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link VariantCheck}: the verdicts of {@code lottery datasets verify}, without the CLI. */
class VariantCheckTest {

    static final Path META = Path.of("..", "datasets", "imagenet").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    private Variant tinyR() throws Exception {
        Path decl = tmp.resolve("decl");
        Files.createDirectories(decl);
        for (String f : List.of("imagenet1k_wnids.txt", "imagenet1k_ilsvrc2012_ids.txt")) {
            Files.copy(META.resolve(f), decl.resolve(f));
        }
        Files.writeString(decl.resolve("variants.csv"), "variant,dir,expected_count,class_subset,scoring,description,root,layout,labels,source_url,licence\n"
                + "tiny-r,r,2,0 999,subset,two classes,data-root,auto,folder,https://example.org/r.tar,test only\n");
        return Catalog.readDatasetVariants(decl.resolve("variants.csv")).get("tiny-r");
    }

    private static void jpeg(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "jpg", out);
        Files.write(file, out.toByteArray());
    }

    @Test
    void aCopyAsDeclaredIsOkOneShortIsAMismatchAndNoFolderIsMissing() throws Exception {
        Variant v = tinyR();
        Path data = tmp.resolve("data");
        jpeg(data.resolve("r/n01440764/a.jpg"));
        jpeg(data.resolve("r/n15075141/b.jpg"));

        VariantCheck ok = VariantCheck.of(v, data, Map.of(), null);
        assertThat(ok.ok()).as(ok.line()).isTrue();
        assertThat(ok.line()).startsWith("tiny-r                   OK       wnid-folders, 2 samples, as declared, "
                + "2 classes, ").endsWith(" (" + data.resolve("r") + ")");

        Files.delete(data.resolve("r/n15075141/b.jpg"));
        VariantCheck short1 = VariantCheck.of(v, data, Map.of(), null);
        assertThat(short1.verdict()).isEqualTo(VariantCheck.Verdict.MISMATCH);
        assertThat(short1.found()).contains("1 samples, but").contains("declares 2");

        VariantCheck missing = VariantCheck.of(v, tmp.resolve("nothing"), Map.of(), null);
        assertThat(missing.verdict()).isEqualTo(VariantCheck.Verdict.MISSING);
        assertThat(missing.line()).isEqualTo("tiny-r                   MISSING  expected a folder at "
                + tmp.resolve("nothing/r"));
    }
}

package dev.lottery.data.layout;

import static dev.lottery.data.layout.TinyFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lottery.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lottery datasets inspect|verify} on tiny sets declared in a temporary variants.csv. */
class DatasetsCliTest {
    @TempDir
    Path tmp;

    record Result(int exit, String out) {}

    private static synchronized Result lottery(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(ps);
            int exit = Main.execute(args);
            return new Result(exit, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    private Path declarations() throws Exception {
        Path decl = tmp.resolve("decl");
        Files.createDirectories(decl);
        for (String f : List.of(ImagenetClasses.WNIDS_FILE, ImagenetClasses.IDS_FILE)) {
            Files.copy(TinyFiles.META.resolve(f), decl.resolve(f));
        }
        Files.writeString(decl.resolve("variants.csv"), "variant,dir,expected_count,class_subset,scoring,description,root,layout,labels,source_url,licence\n"
                + "tiny-r,r,3,0 999,subset,two classes,data-root,auto,folder,https://example.org/r.tar,test only\n"
                + "tiny-real,val,2,all,real,ReaL over flat val,data-root,auto,real,https://example.org/real.json,test only\n");
        return decl.resolve("variants.csv");
    }

    private Path data() {
        Path data = tmp.resolve("data");
        write(data.resolve("r/README.txt"), "readme".getBytes(StandardCharsets.UTF_8));
        write(data.resolve("r/n01440764/art 1.jpg"), TinyFiles.jpeg(1));
        write(data.resolve("r/n01440764/empty.jpg"), new byte[0]);
        write(data.resolve("r/n15075141/sketch_0.jpg"), TinyFiles.png(2));
        write(data.resolve("val/ILSVRC2012_val_00000001.JPEG"), TinyFiles.jpeg(3));
        write(data.resolve("val/ILSVRC2012_val_00000002.JPEG"), TinyFiles.jpeg(4));
        write(data.resolve("real.json"), "[[5, 6], []]".getBytes(StandardCharsets.US_ASCII));
        return data;
    }

    @Test
    void inspectPrintsLayoutCountsScoringFingerprintAndBadFilesAndWritesLabels() throws Exception {
        Path decl = declarations();
        Path data = data();
        Path labels = tmp.resolve("labels.csv");
        Result r = lottery("datasets", "inspect", "tiny-r", "--root", data.resolve("r").toString(), "--labels",
                labels.toString(), "--declarations", decl.toString(), "--threads", "2");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("wnid-folders (detected)").contains("3 samples, as declared")
                .contains("2 with samples").contains("subset").containsPattern("fingerprint  [0-9a-f]{64}")
                .contains("decoded      2 of 3").contains("bad files    1")
                .contains("n01440764/empty.jpg: empty image");
        assertThat(Files.readAllLines(labels)).containsExactly("path,labels", "n01440764/art 1.jpg,0",
                "n01440764/empty.jpg,0", "n15075141/sketch_0.jpg,999");

        Path realLabels = tmp.resolve("real.csv");
        Result real = lottery("datasets", "inspect", "tiny-real", "--root", data.resolve("val").toString(), "--labels",
                realLabels.toString(), "--declarations", decl.toString(), "--no-decode");
        assertThat(real.exit()).as(real.out()).isZero();
        assertThat(real.out()).contains("flat-devkit+real");
        assertThat(Files.readAllLines(realLabels)).containsExactly("path,labels", "ILSVRC2012_val_00000001.JPEG,5 6",
                "ILSVRC2012_val_00000002.JPEG,");
    }

    @Test
    void inspectOfACopyWithClassFoldersMissingReportsWhatItReadsWritesLabelsAndExitsOne() throws Exception {
        Path decl = declarations();
        Path data = data();
        // a partial copy: one of the two declared class folders gone, one undeclared folder present
        Files.delete(data.resolve("r/n15075141/sketch_0.jpg"));
        Files.delete(data.resolve("r/n15075141"));
        write(data.resolve("r/n01443537/other.jpg"), TinyFiles.jpeg(5));
        Path labels = tmp.resolve("labels.csv");
        Result r = lottery("datasets", "inspect", "tiny-r", "--root", data.resolve("r").toString(), "--labels",
                labels.toString(), "--declarations", decl.toString(), "--threads", "1");
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("wnid-folders (detected)").contains("2 samples, but").contains("declares 3")
                .contains("partial: 1 of 2 class folders (missing 1: n15075141; unexpected 1: n01443537)")
                .contains("decoded      1 of 2").contains("n01440764/empty.jpg: empty image")
                .containsPattern("fingerprint  [0-9a-f]{64}").contains("labels       written to")
                .contains("--allow-partial");
        assertThat(Files.readAllLines(labels)).containsExactly("path,labels", "n01440764/art 1.jpg,0",
                "n01440764/empty.jpg,0");

        Result verify = lottery("datasets", "verify", "--data-root", data.toString(), "--declarations", decl.toString(),
                "--variants", "tiny-r");
        assertThat(verify.exit()).isEqualTo(1);
        assertThat(verify.out()).containsPattern("tiny-r\\s+MISMATCH").contains("partial: 1 of 2 class folders");
    }

    @Test
    void verifyChecksEveryDeclaredVariantAndFailsOnACountMismatchOrAMissingFolder() throws Exception {
        Path decl = declarations();
        Path data = data();
        Result ok = lottery("datasets", "verify", "--data-root", data.toString(), "--declarations", decl.toString());
        assertThat(ok.exit()).as(ok.out()).isZero();
        assertThat(ok.out()).containsPattern("tiny-r\\s+OK").containsPattern("tiny-real\\s+OK");

        Files.delete(data.resolve("r/n15075141/sketch_0.jpg"));
        Result bad = lottery("datasets", "verify", "--data-root", data.toString(), "--declarations", decl.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).containsPattern("tiny-r\\s+MISMATCH").contains("2 samples").contains("declares 3");

        Result missing = lottery("datasets", "verify", "--data-root", tmp.resolve("nothing").toString(),
                "--declarations", decl.toString(), "--variants", "tiny-r");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.out()).containsPattern("tiny-r\\s+MISSING").doesNotContain("tiny-real");
    }
}

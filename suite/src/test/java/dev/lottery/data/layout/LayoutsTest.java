package dev.lottery.data.layout;

import static dev.lottery.data.layout.TinyFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lottery.data.BadSample;
import dev.lottery.data.BadSamples;
import dev.lottery.data.DecodeCheck;
import dev.lottery.data.ImagePipeline;
import dev.lottery.data.Preprocessing;
import dev.lottery.data.Sample;
import dev.lottery.data.SampleSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import dev.lottery.data.TestTars;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutsTest {
    private static final ImagenetClasses IN = TinyFiles.imagenet();
    private static final String TENCH = "n01440764"; // index 0
    private static final String GOLDFISH = "n01443537"; // index 1
    private static final String TISSUE = "n15075141"; // index 999

    @TempDir
    Path tmp;

    record Row(String key, int[] labels) {
        @Override
        public String toString() {
            return key + Arrays.toString(labels);
        }
    }

    static List<Row> rows(SampleSource s, BadSamples bad) throws IOException {
        List<Row> out = new ArrayList<>();
        s.forEach(x -> out.add(new Row(x.key(), x.labels())), bad);
        return out;
    }

    static SplitSpec spec(String variant, Path root, int[] subset) {
        return new SplitSpec(variant, root, Layout.AUTO, subset, false, null, TinyFiles.META);
    }

    /** Train-like wnid folders holding every decodable kind and every bad kind. */
    private Path wnidTree() {
        Path root = tmp.resolve("imagenet-a");
        write(root.resolve("README.txt"), "ImageNet-A\n".getBytes(StandardCharsets.UTF_8));
        write(root.resolve(TENCH).resolve("0.000116_digital clock _ digital clock_0.865662.jpg"), TinyFiles.jpeg(1));
        write(root.resolve(TENCH).resolve("b progressive.jpg"), TinyFiles.progressiveJpeg(2));
        write(root.resolve(TENCH).resolve("c_gray.JPEG"), TinyFiles.grayJpeg(3));
        write(root.resolve(TENCH).resolve("d_cmyk.JPEG"), TinyFiles.cmykJpeg());
        write(root.resolve(GOLDFISH).resolve("n01443537_10.JPEG"), TinyFiles.png(4)); // a PNG saved as .JPEG
        write(root.resolve(GOLDFISH).resolve("n01443537_2.JPEG"), TinyFiles.palettePng());
        write(root.resolve(GOLDFISH).resolve("n01443537_3.png"), TinyFiles.alphaPng());
        write(root.resolve(TISSUE).resolve("empty.JPEG"), new byte[0]);
        write(root.resolve(TISSUE).resolve("notes.JPEG"), "not an image".getBytes(StandardCharsets.UTF_8));
        write(root.resolve(TISSUE).resolve("truncated.JPEG"), TinyFiles.truncatedJpeg());
        write(root.resolve(TISSUE).resolve("z ok.jpg"), TinyFiles.jpeg(5));
        return root;
    }

    @Test
    void wnidFoldersGiveSortedWnidIndicesInFolderThenNameOrderAndSkipRootFiles() throws Exception {
        Path root = wnidTree();
        SampleSource s = Datasets.open(spec("imagenet-a", root, new int[] {999, 0, 1}));
        assertThat(s.layout()).isEqualTo("wnid-folders");
        assertThat(s.classes().size()).isEqualTo(1000);
        BadSamples listing = new BadSamples();
        List<Row> rows = rows(s, listing);
        assertThat(listing.count()).isZero();
        assertThat(rows).extracting(Row::key).containsExactly(
                TENCH + "/0.000116_digital clock _ digital clock_0.865662.jpg", TENCH + "/b progressive.jpg",
                TENCH + "/c_gray.JPEG", TENCH + "/d_cmyk.JPEG",
                GOLDFISH + "/n01443537_10.JPEG", GOLDFISH + "/n01443537_2.JPEG", GOLDFISH + "/n01443537_3.png",
                TISSUE + "/empty.JPEG", TISSUE + "/notes.JPEG", TISSUE + "/truncated.JPEG", TISSUE + "/z ok.jpg");
        assertThat(rows).extracting(r -> r.labels()[0]).containsExactly(0, 0, 0, 0, 1, 1, 1, 999, 999, 999, 999);
        assertThat(s.count()).isEqualTo(11);
    }

    @Test
    void everyDecodableKindDecodesAndEachBadKindIsListedWithItsReason() throws Exception {
        SampleSource s = Datasets.open(spec("imagenet-a", wnidTree(), new int[] {0, 1, 999}));
        BadSamples bad = new BadSamples();
        int good = DecodeCheck.run(s, 2, bad);
        assertThat(good).isEqualTo(8);
        List<BadSample> list = new ArrayList<>(bad.list());
        list.sort((a, b) -> a.key().compareTo(b.key()));
        assertThat(list).extracting(BadSample::key).containsExactly(
                TISSUE + "/empty.JPEG", TISSUE + "/notes.JPEG", TISSUE + "/truncated.JPEG");
        assertThat(list.get(0).reason()).contains("empty");
        assertThat(list.get(1).reason()).contains("not a PNG or JPEG");
        assertThat(list.get(2).reason()).contains("truncated").contains("jpeg");
        assertThat(list).allMatch(b -> b.source().equals("imagenet-a"));
    }

    @Test
    void thePipelineReadsFolderFilesOnItsWorkersSkipsBadOnesAndKeepsOrderWhateverTheThreadCount() throws Exception {
        SampleSource s = Datasets.open(spec("imagenet-a", wnidTree(), new int[] {0, 1, 999}));
        Preprocessing p = new Preprocessing("t", 8, 4, "bilinear", new float[] {0, 0, 0}, new float[] {1, 1, 1}, 3);
        List<String> one = new ArrayList<>();
        List<float[]> oneValues = new ArrayList<>();
        BadSamples bad1 = new BadSamples();
        var stats = ImagePipeline.run(s, p, 3, 1, bad1, b -> {
            one.addAll(Arrays.asList(b.keys()));
            oneValues.add(b.nhwc());
        });
        List<String> three = new ArrayList<>();
        List<float[]> threeValues = new ArrayList<>();
        ImagePipeline.run(s, p, 3, 3, new BadSamples(), b -> {
            three.addAll(Arrays.asList(b.keys()));
            threeValues.add(b.nhwc());
        });
        assertThat(stats.delivered()).isEqualTo(8);
        assertThat(stats.bad()).isEqualTo(3);
        assertThat(three).isEqualTo(one);
        for (int i = 0; i < oneValues.size(); i++) {
            assertThat(threeValues.get(i)).containsExactly(oneValues.get(i));
        }
    }

    @Test
    void missingAndUnexpectedClassFoldersAreAnErrorListingWhatDiffers() {
        Path root = wnidTree();
        write(root.resolve("stray").resolve("x.jpg"), TinyFiles.jpeg(9));
        String third = IN.wnids().name(2);
        assertThatThrownBy(() -> Datasets.open(spec("imagenet-r", root, new int[] {0, 1, 2})))
                .isInstanceOf(LayoutMismatchException.class)
                .hasMessageContaining(root.toString())
                .hasMessageContaining("missing 1: " + third)
                .hasMessageContaining("unexpected 2: " + TISSUE + ", stray");
    }

    @Test
    void aFullSplitMustHoldAllThousandClassFolders() {
        Path root = wnidTree();
        assertThatThrownBy(() -> Datasets.open(spec("imagenet-sketch", root, null)))
                .isInstanceOf(LayoutMismatchException.class)
                .hasMessageContaining("1000 expected wnid folders, found 3").hasMessageContaining("missing 997");
    }

    @Test
    void v2IntegerFoldersAreParsedAsIntegersNotSortedAsStrings() throws Exception {
        Path root = tmp.resolve("imagenetv2-matched-frequency-format-val");
        for (int k : new int[] {0, 2, 10, 100}) {
            write(root.resolve(Integer.toString(k)).resolve("7e4a8987a9a330189cc38c4098b1c57ac301713" + (k % 10) + ".jpeg"),
                    TinyFiles.jpeg(k));
        }
        SampleSource s = Datasets.open(spec("imagenet-v2", root, new int[] {0, 2, 10, 100}));
        assertThat(s.layout()).isEqualTo("index-folders");
        List<Row> rows = rows(s, new BadSamples());
        // string order would be 0, 10, 100, 2 and give folder "2" the label of the 4th class
        assertThat(rows).extracting(r -> r.labels()[0]).containsExactly(0, 2, 10, 100);
        assertThat(rows).extracting(r -> r.key().substring(0, r.key().indexOf('/'))).containsExactly("0", "2", "10", "100");
    }

    @Test
    void theWnidRepackagingOfV2IsReadAsWnidFolders() throws Exception {
        Path root = tmp.resolve("v2-wnid");
        write(root.resolve(GOLDFISH).resolve("a.jpeg"), TinyFiles.jpeg(1));
        write(root.resolve(TISSUE).resolve("b.jpeg"), TinyFiles.jpeg(2));
        SampleSource s = Datasets.open(spec("imagenet-v2", root, new int[] {1, 999}));
        assertThat(s.layout()).isEqualTo("wnid-folders");
        assertThat(rows(s, new BadSamples())).extracting(r -> r.labels()[0]).containsExactly(1, 999);
    }

    @Test
    void integerFoldersOutsideTheClassRangeAreUnexpected() {
        Path root = tmp.resolve("v2");
        write(root.resolve("0").resolve("a.jpeg"), TinyFiles.jpeg(1));
        write(root.resolve("1000").resolve("a.jpeg"), TinyFiles.jpeg(1));
        assertThatThrownBy(() -> Datasets.open(new SplitSpec("imagenet-v2", root, Layout.INDEX_FOLDERS,
                new int[] {0}, false, null, TinyFiles.META)))
                .isInstanceOf(LayoutMismatchException.class).hasMessageContaining("unexpected 1: 1000");
    }

    private Path flatVal(Path root, int... numbers) {
        for (int n : numbers) {
            write(root.resolve(String.format("ILSVRC2012_val_%08d.JPEG", n)), TinyFiles.jpeg(n));
        }
        return root;
    }

    @Test
    void flatValWithTheDevkitGroundTruthMapsIlsvrcIdsToSortedIndices() throws Exception {
        Path root = flatVal(tmp.resolve("val"), 1, 2, 3, 4, 5);
        write(tmp.resolve("ILSVRC2012_devkit_t12/data/ILSVRC2012_validation_ground_truth.txt"),
                "1\n490\n1000\n361\n".getBytes(StandardCharsets.US_ASCII));
        SampleSource s = Datasets.open(spec("imagenet-val", root, null));
        assertThat(s.layout()).isEqualTo("flat-devkit");
        BadSamples bad = new BadSamples();
        List<Row> rows = rows(s, bad);
        // ID 1 is n02119789 (kit fox), sorted index 278 (LAYOUTS.md section 1)
        assertThat(IN.indexOf("n02119789")).isEqualTo(278);
        assertThat(rows).extracting(r -> r.labels()[0]).containsExactly(278, IN.indexOfDevkitId(490),
                IN.indexOfDevkitId(1000), IN.indexOfDevkitId(361));
        assertThat(rows.get(0).key()).isEqualTo("ILSVRC2012_val_00000001.JPEG");
        assertThat(bad.list()).singleElement().satisfies(b -> {
            assertThat(b.key()).isEqualTo("ILSVRC2012_val_00000005.JPEG");
            assertThat(b.reason()).contains("no label for image 5").contains("ILSVRC2012_validation_ground_truth.txt");
        });
    }

    @Test
    void kaggleFlatValIsKeyedByImageIdNotRowOrder() throws Exception {
        Path kaggle = tmp.resolve("kaggle");
        Path root = flatVal(kaggle.resolve("ILSVRC/Data/CLS-LOC/val"), 1, 2, 3);
        write(kaggle.resolve("LOC_val_solution.csv"), ("ImageId,PredictionString\n"
                + "ILSVRC2012_val_00000003," + TISSUE + " 1 2 3 4\n"
                + "ILSVRC2012_val_00000001,n02119789 255 142 454 329 n02119789 44 21 322 295\n"
                + "ILSVRC2012_val_00000002," + TENCH + " 1 2 3 4\n").getBytes(StandardCharsets.US_ASCII));
        SampleSource s = Datasets.open(spec("imagenet-val", root, null));
        assertThat(s.layout()).isEqualTo("flat-kaggle");
        assertThat(rows(s, new BadSamples())).extracting(r -> r.labels()[0]).containsExactly(278, 0, 999);
    }

    @Test
    void flatImagesWithoutAnyLabelFileAreAClearError() {
        Path root = flatVal(tmp.resolve("val"), 1);
        assertThatThrownBy(() -> Datasets.open(spec("imagenet-val", root, null)))
                .isInstanceOf(LayoutMismatchException.class)
                .hasMessageContaining("LOC_val_solution.csv").hasMessageContaining("ILSVRC2012_validation_ground_truth.txt");
    }

    @Test
    void realLabelsAreMatchedByFileNameAndEmptySetsAreKept() throws Exception {
        Path root = flatVal(tmp.resolve("val"), 1, 2, 4);
        write(tmp.resolve("real.json"), "[[1, 2], [], [999], [5, 7, 9]]".getBytes(StandardCharsets.US_ASCII));
        SplitSpec spec = new SplitSpec("imagenet-real", root, Layout.AUTO, null, true, null, TinyFiles.META);
        SampleSource s = Datasets.open(spec);
        assertThat(s.layout()).isEqualTo("flat-devkit+real");
        assertThat(rows(s, new BadSamples())).extracting(r -> Arrays.toString(r.labels()))
                .containsExactly("[1, 2]", "[]", "[5, 7, 9]");
    }

    @Test
    void realLabelsOverValFoldersIgnoreTheFolderAndFollowTheName() throws Exception {
        Path root = tmp.resolve("val");
        write(root.resolve(TISSUE).resolve("ILSVRC2012_val_00000001.JPEG"), TinyFiles.jpeg(1));
        write(root.resolve(TENCH).resolve("ILSVRC2012_val_00000002.JPEG"), TinyFiles.jpeg(2));
        write(root.resolve(TENCH).resolve("stray.JPEG"), TinyFiles.jpeg(3));
        Path json = tmp.resolve("labels/real.json");
        write(json, "[[3], [4, 5]]".getBytes(StandardCharsets.US_ASCII));
        SampleSource s = Datasets.open(new SplitSpec("imagenet-real", root, Layout.AUTO, new int[] {0, 999}, true,
                json, TinyFiles.META));
        BadSamples bad = new BadSamples();
        assertThat(rows(s, bad)).extracting(Row::toString)
                .containsExactly(TENCH + "/ILSVRC2012_val_00000002.JPEG[4, 5]", TISSUE + "/ILSVRC2012_val_00000001.JPEG[3]");
        assertThat(bad.list()).singleElement().satisfies(b -> assertThat(b.reason()).contains("real.json"));
    }

    @Test
    void aMissingRealJsonSaysWhereItLookedAndHowToGiveIt() {
        Path root = flatVal(tmp.resolve("val"), 1);
        assertThatThrownBy(() -> Datasets.open(new SplitSpec("imagenet-real", root, Layout.AUTO, null, true, null,
                TinyFiles.META))).hasMessageContaining(tmp.resolve("real.json").toString()).hasMessageContaining("--real-json");
    }

    @Test
    void webDatasetShardsWithoutClassesTxtUseTheCanonicalOrder() throws Exception {
        Path root = tmp.resolve("wds");
        Files.createDirectories(root);
        try (OutputStream out = Files.newOutputStream(root.resolve("imagenet-val-000000.tar"));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TestTars.entry(tar, "ILSVRC2012_val_00000001.jpg", TinyFiles.jpeg(1));
            TestTars.entry(tar, "ILSVRC2012_val_00000001.cls", "278".getBytes(StandardCharsets.US_ASCII));
            TestTars.entry(tar, "ILSVRC2012_val_00000002.png", TinyFiles.png(2));
            TestTars.entry(tar, "ILSVRC2012_val_00000002.cls", "999\n".getBytes(StandardCharsets.US_ASCII));
        }
        SampleSource s = Datasets.open(spec("imagenet-val", root, null));
        assertThat(s.layout()).isEqualTo("webdataset");
        assertThat(s.classes().name(278)).isEqualTo("n02119789");
        assertThat(rows(s, new BadSamples())).extracting(Row::toString)
                .containsExactly("ILSVRC2012_val_00000001[278]", "ILSVRC2012_val_00000002[999]");
    }

    @Test
    void anUnrecognisableFolderIsAnErrorNamingWhatWasFound() {
        write(tmp.resolve("x/photos/a.jpg"), TinyFiles.jpeg(1));
        write(tmp.resolve("x/list.txt"), new byte[1]);
        assertThatThrownBy(() -> Datasets.open(spec("imagenet-val", tmp.resolve("x"), null)))
                .hasMessageContaining("cannot detect the layout").hasMessageContaining("photos/").hasMessageContaining("list.txt");
        assertThatThrownBy(() -> Datasets.open(spec("imagenet-val", tmp.resolve("nowhere"), null)))
                .hasMessageContaining("imagenet-val").hasMessageContaining("nowhere").hasMessageContaining("--data-root");
    }

    @Test
    void quickFingerprintFollowsPathsAndSizesAndFullFollowsContent() throws Exception {
        Path a = tmp.resolve("a/val");
        Path b = tmp.resolve("b/val");
        for (Path root : List.of(a, b)) {
            write(root.resolve(TENCH).resolve("x.JPEG"), TinyFiles.jpeg(1));
            write(root.resolve(TISSUE).resolve("y.JPEG"), TinyFiles.png(2));
        }
        int[] subset = {0, 999};
        SampleSource sa = Datasets.open(spec("v", a, subset));
        SampleSource sb = Datasets.open(spec("v", b, subset));
        assertThat(sa.quickFingerprint()).hasSize(64).isEqualTo(sb.quickFingerprint());
        assertThat(sa.fullFingerprint()).isEqualTo(sb.fullFingerprint()).isNotEqualTo(sa.quickFingerprint());

        byte[] same = TinyFiles.jpeg(1);
        same[same.length - 3] ^= 1; // same size, different content
        write(b.resolve(TENCH).resolve("x.JPEG"), same);
        assertThat(sb.quickFingerprint()).isEqualTo(sa.quickFingerprint());
        assertThat(sb.fullFingerprint()).isNotEqualTo(sa.fullFingerprint());

        Files.move(b.resolve(TENCH).resolve("x.JPEG"), b.resolve(TENCH).resolve("z.JPEG"));
        assertThat(sb.quickFingerprint()).isNotEqualTo(sa.quickFingerprint());
    }

    @Test
    void theLabelFileIsPartOfTheFingerprint() throws Exception {
        Path root = flatVal(tmp.resolve("val"), 1, 2);
        Path gt = tmp.resolve("ILSVRC2012_validation_ground_truth.txt");
        write(gt, "1\n2\n".getBytes(StandardCharsets.US_ASCII));
        String before = Datasets.open(spec("v", root, null)).quickFingerprint();
        write(gt, "2\n1\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(Datasets.open(spec("v", root, null)).quickFingerprint()).isNotEqualTo(before);
    }
}

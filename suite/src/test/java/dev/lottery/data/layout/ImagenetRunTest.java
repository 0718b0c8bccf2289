package dev.lottery.data.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lottery.report.RunResult;
import dev.lottery.data.DatasetMismatchException;
import dev.lottery.run.RunOptions;
import dev.lottery.run.Runner;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import dev.lottery.data.TestTars;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run over ImageNet layouts under a data root: WebDataset train shards, flat val with the devkit
 * ground truth, a 3-class wnid-folder set (R/A-like) and a 3-class integer-folder set (v2-like),
 * all labelled in the canonical 1000-class order.
 */
class ImagenetRunTest {
    @TempDir
    Path home;

    @TempDir
    Path data;

    private static final String[] WNIDS = {"n01440764", "n01443537", "n01484850"}; // sorted indices 0, 1, 2

    private static void write(Path home, String path, String text) {
        TinyFiles.write(home.resolve(path), text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bar(int label, SplittableRandom rnd) throws IOException {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                boolean on = x >= 2 + label * 5 && x < 5 + label * 5;
                double v = (on ? 0.9 : 0.1) + 0.1 * (rnd.nextDouble() - 0.5) * 2;
                img.getRaster().setSample(x, y, 0, (int) Math.round(Math.max(0, Math.min(1, v)) * 255));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private void project() throws Exception {
        write(home, "suite/catalog/routines.csv", """
                id,optimizer,lr,momentum,nesterov,weight_decay,schedule,milestones,gamma,warmup_epochs,epochs,batch_size,lars_trust,source
                fast,SGD,0.05,0.9,false,1e-6,cosine,,0.1,0,20,32,0,test routine
                """);
        write(home, "suite/catalog/preprocessing.csv", """
                id,resize_shorter,crop,interpolation,mean,std,channels,source
                gray,0,0,bilinear,0.5,0.5,1,test
                """);
        write(home, "suite/catalog/frameworks.csv", """
                id,name,group,backbone,width,init_seed,checkpoint_url,sha256,keymap,preprocessing,routine,note
                pixels,Pixels,baseline,pixels,,,,,,gray,fast,
                """);
        write(home, "suite/catalog/suites/tiny.properties", """
                description=tiny ImageNet-layout suite
                datasets=datasets/imagenet/variants.csv
                train=in-train
                frameworks=pixels
                variants=in-val,in-r,in-v2,in-val-r
                reference=in-val
                seeds=1
                epoch_scale=1
                expectations=expected-results/tiny.csv
                lottery_margin=5
                """);
        for (String f : List.of(ImagenetClasses.WNIDS_FILE, ImagenetClasses.IDS_FILE)) {
            Files.createDirectories(home.resolve("datasets/imagenet"));
            Files.copy(TinyFiles.META.resolve(f), home.resolve("datasets/imagenet").resolve(f));
        }
        write(home, "datasets/imagenet/variants.csv", """
                variant,dir,expected_count,class_subset,scoring,description,root,layout,labels
                in-train,train,60,all,none,train shards,data-root,auto,folder
                in-val,val,15,all,top1,flat val,data-root,auto,folder
                in-r,r,12,0 1 2,subset,wnid folders,data-root,auto,folder
                in-v2,v2,9,0 1 2,subset,integer folders,data-root,index-folders,folder
                in-val-r,val,15,2 1,restricted,val on two classes,data-root,auto,folder
                """);
        write(home, "expected-results/tiny.csv", """
                framework,variant,metric,expected,tolerance,source
                pixels,in-val,top1,record-only,,test
                pixels,in-r,subset-top1,record-only,,test
                pixels,in-v2,subset-top1,record-only,,test
                pixels,in-val-r,restricted-top1,record-only,,test
                """);
        SplittableRandom rnd = new SplittableRandom(3);
        Files.createDirectories(data.resolve("train"));
        try (OutputStream out = Files.newOutputStream(data.resolve("train/train-000000.tar"));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (int i = 0; i < 60; i++) {
                TestTars.entry(tar, String.format("%06d.png", i), bar(i % 3, rnd));
                TestTars.entry(tar, String.format("%06d.cls", i), Integer.toString(i % 3).getBytes(StandardCharsets.US_ASCII));
            }
        }
        ImagenetClasses in = TinyFiles.imagenet();
        int[] idOf = new int[3];
        for (int id = 1; id <= 1000; id++) {
            int index = in.indexOfDevkitId(id);
            if (index < 3) {
                idOf[index] = id;
            }
        }
        StringBuilder gt = new StringBuilder();
        for (int k = 1; k <= 15; k++) {
            TinyFiles.write(data.resolve("val").resolve(String.format("ILSVRC2012_val_%08d.JPEG", k)), bar(k % 3, rnd));
            gt.append(idOf[k % 3]).append('\n');
        }
        write(data, "ILSVRC2012_devkit_t12/data/ILSVRC2012_validation_ground_truth.txt", gt.toString());
        TinyFiles.write(data.resolve("r/README.txt"), "readme".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 12; i++) {
            TinyFiles.write(data.resolve("r").resolve(WNIDS[i % 3]).resolve("art " + i + ".png"), bar(i % 3, rnd));
        }
        for (int i = 0; i < 9; i++) {
            TinyFiles.write(data.resolve("v2").resolve(Integer.toString(i % 3)).resolve(i + ".jpeg"), bar(i % 3, rnd));
        }
    }

    private RunOptions options(Path dataRoot) {
        return new RunOptions("tiny", null, null, null, "cpu", home.resolve(".cache"), home.resolve("reports"), 2, false)
                .withData(dataRoot, Map.of(), null, true);
    }

    private RunResult run(RunOptions o) throws IOException {
        return Runner.run(home, o, new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRunReadsEveryLayoutUnderTheDataRootAndRecordsLayoutsAndFingerprints() throws Exception {
        project();
        RunResult r = run(options(data));
        assertThat(r.fixtures()).hasSize(4);
        assertThat(r.fixtures()).allMatch(f -> f.score() > 90, "the bar position is easy to learn from pixels");
        // val images k = 1..15 have label k % 3: the 5 of class 0 are outside the restriction
        var restricted = r.fixtures().stream().filter(f -> f.variant().equals("in-val-r")).findFirst().orElseThrow();
        assertThat(restricted.metric()).isEqualTo("restricted-top1");
        assertThat(restricted.seeds()).singleElement()
                .satisfies(s -> assertThat(new long[] {s.scored(), s.excluded()}).containsExactly(10, 5));
        Map<String, Map<String, Object>> ds = (Map<String, Map<String, Object>>) r.environment().get("datasets");
        assertThat(ds.get("in-train")).containsEntry("layout", "webdataset").containsEntry("samples", 60);
        assertThat(ds.get("in-val")).containsEntry("layout", "flat-devkit");
        assertThat(ds.get("in-r")).containsEntry("layout", "wnid-folders");
        assertThat(ds.get("in-v2")).containsEntry("layout", "index-folders");
        assertThat(ds.values()).allSatisfy(m -> {
            assertThat((String) m.get("quickFingerprint")).hasSize(64);
            assertThat((String) m.get("fullFingerprint")).hasSize(64);
        });
    }

    @Test
    void withoutADataRootTheRunSaysHowToGiveOne() throws Exception {
        project();
        assertThatThrownBy(() -> run(options(null))).hasMessageContaining("--data-root").hasMessageContaining("LOTTERY_DATA");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPartialCopyStopsTheRunUnlessAllowedAndIsThenRecordedAsPartialEverywhere() throws Exception {
        project();
        Path missing = data.resolve("r").resolve(WNIDS[2]);
        try (var files = Files.list(missing)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(missing);
        assertThatThrownBy(() -> run(options(data))).isInstanceOf(DatasetMismatchException.class)
                .hasMessageContaining("missing 1: " + WNIDS[2]).hasMessageContaining("--allow-partial");

        RunResult r = run(options(data).withAllowPartial(true));
        Map<String, Map<String, Object>> ds = (Map<String, Map<String, Object>>) r.environment().get("datasets");
        String partial = "partial: 2 of 3 class folders (missing 1: " + WNIDS[2] + "), 8 of 12 declared samples";
        assertThat(ds.get("in-r")).containsEntry("partial", partial).containsEntry("samples", 8);
        assertThat(ds.get("in-val")).doesNotContainKey("partial");
        assertThat(r.environment()).containsEntry("allowPartial", true);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("in-r").contains(partial));
        Path dir = dev.lottery.report.ReportWriter.write(r, home.resolve("reports"));
        assertThat(Files.readString(dir.resolve("report.md"))).contains("**Partial data** (run with --allow-partial): in-r: "
                + partial);
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<strong>Partial data</strong>")
                .contains("in-r: " + partial);
        assertThat(Files.readString(dir.resolve("environment.json"))).contains("\"partial\" : \"" + partial + "\"");
    }

    @Test
    void anExtraClassFolderOrADifferentCountStopsTheRunNamingWhatDiffers() throws Exception {
        project();
        TinyFiles.write(data.resolve("r/n15075141/x.png"), bar(0, new SplittableRandom(1)));
        assertThatThrownBy(() -> run(options(data))).isInstanceOf(DatasetMismatchException.class)
                .hasMessageContaining("in-r").hasMessageContaining("unexpected 1: n15075141");
        Files.delete(data.resolve("r/n15075141/x.png"));
        Files.delete(data.resolve("r/n15075141"));
        Files.delete(data.resolve("v2/0/0.jpeg"));
        assertThatThrownBy(() -> run(options(data))).isInstanceOf(DatasetMismatchException.class)
                .hasMessageContaining("found 8 samples").hasMessageContaining("declares 9");
    }
}

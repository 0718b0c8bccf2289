package dev.lottery.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lottery.probe.Routine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {

    @TempDir
    Path home;

    static final String ROUTINES = """
            # comment line
            id,optimizer,lr,momentum,nesterov,weight_decay,schedule,milestones,gamma,warmup_epochs,epochs,batch_size,lars_trust,source
            swav,SGD,0.3,0.9,false,1e-6,cosine,,0.1,0,100,256,0,swav eval_linear.py
            moco,SGD,30,0.9,false,0,step,60 80,0.1,0,100,256,0,moco main_lincls.py
            """;
    static final String PREPROCESSING = """
            id,resize_shorter,crop,interpolation,mean,std,channels,source
            gray,0,0,bilinear,0.5,0.25,1,test
            """;
    static final String FRAMEWORKS = """
            id,name,group,backbone,width,init_seed,checkpoint_url,sha256,keymap,preprocessing,routine,note
            pixels,Pixels,baseline,pixels,,,,,,gray,swav,
            rand,Random,baseline,random-resnet,8,3,,,,gray,moco,
            """;
    static final String SUITE = """
            description=tiny
            datasets=data/variants.csv
            train=train
            frameworks=pixels,rand
            variants=val,shift
            reference=val
            seeds=2
            epoch_scale=0.1
            expectations=expected-results/tiny.csv
            lottery_margin=1.5
            aggregate.mean=MEAN|val shift|equal|percent
            aggregate.sized=WEIGHTED_MEAN|val shift|sizes|percent
            """;
    static final String VARIANTS = """
            variant,dir,expected_count,class_subset,scoring,description
            train,train,100,all,none,training split
            val,val,20,all,top1,in distribution
            shift,shift,10,1 2,subset,shifted subset
            """;
    static final String EXPECTED = """
            framework,variant,metric,expected,tolerance,source
            pixels,val,top1,91.5,0.5,a run
            pixels,shift,subset-top1,record-only,,not measured yet
            rand,val,top1,80,1,a run
            rand,shift,subset-top1,50,2,a run
            """;

    @BeforeEach
    void writeValidCatalog() throws IOException {
        write("suite/catalog/routines.csv", ROUTINES);
        write("suite/catalog/preprocessing.csv", PREPROCESSING);
        write("suite/catalog/frameworks.csv", FRAMEWORKS);
        write("suite/catalog/suites/tiny.properties", SUITE);
        write("data/variants.csv", VARIANTS);
        write("expected-results/tiny.csv", EXPECTED);
    }

    private void write(String path, String text) throws IOException {
        Path p = home.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void loadsAValidSuiteWithEveryFixtureBound() {
        Suite s = Catalog.load(home, "tiny");
        assertThat(s.fixtures()).extracting(Fixture::id)
                .containsExactly("pixels/val", "pixels/shift", "rand/val", "rand/shift");
        assertThat(s.fixtures().get(1).expectation().recordOnly()).isTrue();
        assertThat(s.fixtures().get(0).expectation().expected()).isEqualTo(91.5);
        assertThat(s.train().dir()).isEqualTo(home.resolve("data/train"));
        assertThat(s.variants().get(1).scoring().notation()).isEqualTo("subset:1 2");
        // epoch scale applied to the declared routines
        Routine moco = s.routines().get("moco");
        assertThat(moco.epochs()).isEqualTo(10);
        assertThat(s.aggregates()).hasSize(2);
        assertThat(s.aggregates().get(1).weights()).containsEntry("val", 20.0).containsEntry("shift", 10.0);
        assertThat(s.frameworks().get(1).initSeed()).isEqualTo(3);
    }

    @Test
    void restrictedVariantTakesItsClassesFromTheSubsetColumnAndHasItsOwnMetric() throws IOException {
        write("data/variants.csv", VARIANTS + "val-sub,val,20,2 1,restricted,val on shift's classes\n");
        write("suite/catalog/suites/tiny.properties", SUITE.replace("variants=val,shift", "variants=val,shift,val-sub"));
        write("expected-results/tiny.csv", EXPECTED + "pixels,val-sub,restricted-top1,record-only,,control\n"
                + "rand,val-sub,restricted-top1,record-only,,control\n");
        Suite s = Catalog.load(home, "tiny");
        Variant v = s.variants().get(2);
        assertThat(v.scoring().notation()).isEqualTo("restricted:1 2");
        assertThat(v.metric()).isEqualTo("restricted-top1");

        write("expected-results/tiny.csv", EXPECTED + "pixels,val-sub,subset-top1,record-only,,control\n"
                + "rand,val-sub,restricted-top1,record-only,,control\n");
        assertThatThrownBy(() -> Catalog.load(home, "tiny")).isInstanceOf(CatalogException.class)
                .hasMessageContaining("tiny.csv:6").hasMessageContaining("'subset-top1'")
                .hasMessageContaining("restricted-top1");
    }

    @Test
    void paddingIsACheckpointsDeclarationAndMustBeAKnownConvention() throws IOException {
        write("suite/catalog/frameworks.csv", FRAMEWORKS.replace("keymap,preprocessing,routine,note",
                "keymap,preprocessing,routine,note,padding").replace("gray,swav,\n", "gray,swav,,tf-same\n")
                .replace("gray,moco,\n", "gray,moco,,\n"));
        assertThatThrownBy(() -> Catalog.load(home, "tiny")).isInstanceOf(CatalogException.class)
                .hasMessageContaining("frameworks.csv:2").hasMessageContaining("checkpoints only");
        write("suite/catalog/frameworks.csv", FRAMEWORKS.replace("keymap,preprocessing,routine,note",
                "keymap,preprocessing,routine,note,padding").replace("gray,swav,\n", "gray,swav,,\n")
                .replace("gray,moco,\n", "gray,moco,,\n")
                + "ck,Ckpt,ssl,checkpoint,8,,w.pth," + "a".repeat(64) + ",byol,gray,moco,,same\n");
        assertThatThrownBy(() -> Catalog.load(home, "tiny")).isInstanceOf(CatalogException.class)
                .hasMessageContaining("frameworks.csv:4").hasMessageContaining("'same'")
                .hasMessageContaining("[torch, tf-same-pool, tf-same]");
    }

    @Test
    void unknownRoutineNamesTheFileAndLine() throws IOException {
        write("suite/catalog/frameworks.csv", FRAMEWORKS.replace("gray,moco,", "gray,mocov9,"));
        assertThatThrownBy(() -> Catalog.load(home, "tiny"))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("frameworks.csv:3")
                .hasMessageContaining("unknown routine 'mocov9'");
    }

    @Test
    void fixtureWithoutExpectationRowFails() throws IOException {
        write("expected-results/tiny.csv", EXPECTED.replace("rand,shift,subset-top1,50,2,a run\n", ""));
        assertThatThrownBy(() -> Catalog.load(home, "tiny"))
                .hasMessageContaining("tiny.csv")
                .hasMessageContaining("fixture rand/shift has no expectation row");
    }

    @Test
    void variantWithoutScoringRuleFails() throws IOException {
        write("data/variants.csv", VARIANTS.replace("10,1 2,subset,", "10,1 2,,"));
        assertThatThrownBy(() -> Catalog.load(home, "tiny"))
                .hasMessageContaining("variants.csv:4")
                .hasMessageContaining("has no scoring rule");
    }

    @Test
    void artifactWithoutSha256Fails() throws IOException {
        write("suite/catalog/frameworks.csv", FRAMEWORKS.replace("pixels,Pixels,baseline,pixels,,,,,",
                "pixels,Pixels,baseline,pixels,,,https://example.org/w.pth,,"));
        assertThatThrownBy(() -> Catalog.load(home, "tiny"))
                .hasMessageContaining("frameworks.csv:2")
                .hasMessageContaining("has no SHA-256");
    }

    @Test
    void malformedRowsAreAllReportedTogether() throws IOException {
        write("suite/catalog/routines.csv", ROUTINES.replace("0.3,0.9,false", "fast,0.9,maybe"));
        write("expected-results/tiny.csv", EXPECTED.replace("91.5,0.5", "high,0.5"));
        assertThatThrownBy(() -> Catalog.load(home, "tiny"))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.contains("routines.csv:3") && p.contains("'lr' must be a number"))
                        .anyMatch(p -> p.contains("routines.csv:3") && p.contains("'nesterov' must be true or false"))
                        .anyMatch(p -> p.contains("tiny.csv:2") && p.contains("found 'high'")));
    }

    @Test
    void aNoiseModelRowIsReadAndABadOneIsNamedWithItsLine() throws IOException {
        write("expected-results/tiny.csv", """
                framework,variant,metric,expected,sd_seed,seed_df,ref_se,sd_numeric,allowance,source
                pixels,val,top1,91.5,0.4,36,0.1,0.03,0,a reference
                pixels,shift,subset-top1,record-only,,,,,,not measured yet
                rand,val,top1,80,-0.4,36,0.1,0,0,a reference
                rand,shift,subset-top1,50,0,0,0,0,0,a reference
                """);
        assertThatThrownBy(() -> Catalog.load(home, "tiny"))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.contains("tiny.csv:4") && p.contains("sd_seed must be a finite number >= 0"))
                        .anyMatch(p -> p.contains("tiny.csv:5") && p.contains("needs a noise model")));
        write("expected-results/tiny.csv", """
                framework,variant,metric,expected,sd_seed,seed_df,ref_se,sd_numeric,allowance,source
                pixels,val,top1,91.5,0.4,36,0.1,0.03,0,a reference
                pixels,shift,subset-top1,record-only,,,,,,not measured yet
                rand,val,top1,80,,,,,1.5,a published value with a band
                rand,shift,subset-top1,50,0.8,9,0,0,0,a reference
                """);
        Suite s = Catalog.load(home, "tiny");
        assertThat(s.fixtures().get(0).expectation().noise())
                .isEqualTo(new dev.lottery.analysis.NoiseModel(0.4, 36, 0.1, 0.03, 0));
        assertThat(s.fixtures().get(2).expectation().noise()).isEqualTo(dev.lottery.analysis.NoiseModel.band(1.5));
        assertThat(s.falseAlarmRate()).isEqualTo(0.01);
    }

    @Test
    void theExtractionBatchIsASuitePropertyDefaulting256() throws IOException {
        assertThat(Catalog.load(home, "tiny").extractionBatch()).isEqualTo(Suite.DEFAULT_EXTRACTION_BATCH);
        write("suite/catalog/suites/tiny.properties", SUITE + "extraction_batch=1024\n");
        assertThat(Catalog.load(home, "tiny").extractionBatch()).isEqualTo(1024);
        assertThat(Catalog.load(home, "tiny").restrict(null, java.util.List.of("val")).extractionBatch()).isEqualTo(1024);
        for (String bad : new String[] {"0", "100000", "12.5", "many"}) {
            write("suite/catalog/suites/tiny.properties", SUITE + "extraction_batch=" + bad + "\n");
            assertThatThrownBy(() -> Catalog.load(home, "tiny")).as(bad).isInstanceOf(CatalogException.class)
                    .hasMessageContaining("tiny.properties").hasMessageContaining("extraction_batch");
        }
    }

    @Test
    void missingColumnAndMissingFileAreNamed() throws IOException {
        write("suite/catalog/preprocessing.csv", "id,crop\ngray,0\n");
        Files.delete(home.resolve("expected-results/tiny.csv"));
        assertThatThrownBy(() -> Catalog.load(home, "tiny"))
                .hasMessageContaining("preprocessing.csv: header lacks column(s)")
                .hasMessageContaining("tiny.csv: declaration file not found");
    }

    @Test
    void unknownSuiteListsTheKnownOnes() {
        assertThatThrownBy(() -> Catalog.load(home, "nope")).hasMessageContaining("known suites: [tiny]");
    }

    @Test
    void restrictKeepsTheReferenceVariantAndRejectsUnknownNames() {
        Suite s = Catalog.load(home, "tiny").restrict(java.util.List.of("rand"), java.util.List.of("shift"));
        assertThat(s.fixtures()).extracting(Fixture::id).containsExactly("rand/val", "rand/shift");
        assertThatThrownBy(() -> Catalog.load(home, "tiny").restrict(java.util.List.of("dino"), null))
                .hasMessageContaining("no framework(s) [dino]");
    }

    /** The shipped declarations validate: a broken row in the repository fails the build here. */
    @Test
    void shippedSuitesValidate() {
        Path project = Path.of(System.getProperty("lottery.home", "..")).toAbsolutePath().normalize();
        for (String name : Catalog.suiteNames(project)) {
            Suite s = Catalog.load(project, name);
            assertThat(s.fixtures()).as(name).isNotEmpty();
        }
        assertThat(Catalog.suiteNames(project)).contains("pocket");
    }
}

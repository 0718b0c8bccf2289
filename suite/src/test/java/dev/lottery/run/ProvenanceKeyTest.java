package dev.lottery.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lottery.data.Preprocessing;
import dev.lottery.features.CanonicalJson;
import dev.lottery.probe.Optimizer;
import dev.lottery.probe.Routine;
import dev.lottery.probe.Schedule;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Cache keys are provenance hashes: equal inputs give equal keys, any one changed input another key. */
class ProvenanceKeyTest {

    static final BackboneIdentity BACKBONE = new BackboneIdentity("checkpoint", "ab".repeat(32), "moco", "keymaps/2",
            null, null, null, null, null, null, "lottery-resnet-graph/1");
    static final EngineIdentity ENGINE = new EngineIdentity("TensorFlow", "2.16.1", "0.33.0");
    static final DatasetIdentity DATA = new DatasetIdentity("quick", "cd".repeat(32));
    static final Preprocessing PREP = new Preprocessing("imagenet", 256, 224, "bilinear",
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}, 3);
    static final Routine ROUTINE = new Routine("moco", Optimizer.SGD, 30, 0.9, false, 0, Schedule.STEP,
            new int[] {60, 80}, 0.1, 0, 100, 256, 0, "facebookresearch/moco main_lincls.py");
    static final String NUMERIC = "cpu=avx2|onednn=on|TensorFlow 2.16.1|intra=2|inter=1|cpu()";

    /** The inputs of one head, each replaceable. */
    record Inputs(BackboneIdentity backbone, EngineIdentity engine, DatasetIdentity data, Preprocessing prep,
            String preprocessor, Routine routine, long seed, int classes, String numeric) {

        FeaturesProvenance features() {
            return new FeaturesProvenance(FeaturesProvenance.FORMAT, backbone, engine, data, prep, preprocessor,
                    FeaturesProvenance.TAP, null, null);
        }

        HeadProvenance head() {
            return HeadProvenance.of(features(), routine, seed, classes, numeric);
        }
    }

    static final Inputs BASE = new Inputs(BACKBONE, ENGINE, DATA, PREP, "preprocess-3", ROUTINE, 0, 1000, NUMERIC);

    static BackboneIdentity backbone(String keymapVersion, String padding) {
        return new BackboneIdentity(BACKBONE.kind(), BACKBONE.checkpointSha256(), BACKBONE.keymap(), keymapVersion,
                padding, null, null, null, null, null, BACKBONE.graphFormat());
    }

    static Routine routine(double lr, int[] milestones, int epochs, int batch, double wd, boolean nesterov) {
        return new Routine(ROUTINE.id(), ROUTINE.optimizer(), lr, ROUTINE.momentum(), nesterov, wd, ROUTINE.schedule(),
                milestones, ROUTINE.gamma(), ROUTINE.warmupEpochs(), epochs, batch, ROUTINE.larsTrust(),
                ROUTINE.source());
    }

    static Preprocessing prep(int crop, String interpolation, float firstMean) {
        return new Preprocessing(PREP.id(), PREP.resizeShorter(), crop, interpolation,
                new float[] {firstMean, 0.456f, 0.406f}, PREP.std(), 3);
    }

    /** One changed input per row; every row must give a features or head key of its own. */
    static Map<String, UnaryOperator<Inputs>> changes() {
        Map<String, UnaryOperator<Inputs>> t = new LinkedHashMap<>();
        t.put("engine version", i -> with(i, b -> b.engine(new EngineIdentity("TensorFlow", "2.18.0", "0.33.0"))));
        t.put("engine name", i -> with(i, b -> b.engine(new EngineIdentity("OnnxRuntime", "2.16.1", "0.33.0"))));
        t.put("DJL version", i -> with(i, b -> b.engine(new EngineIdentity("TensorFlow", "2.16.1", "0.34.0"))));
        t.put("padding", i -> with(i, b -> b.backbone(backbone("keymaps/2", "tf-same"))));
        t.put("key-map version", i -> with(i, b -> b.backbone(backbone("keymaps/3", null))));
        t.put("checkpoint digest", i -> with(i, b -> b.backbone(new BackboneIdentity("checkpoint", "ef".repeat(32),
                "moco", "keymaps/2", null, null, null, null, null, null, "lottery-resnet-graph/1"))));
        t.put("fingerprint", i -> with(i, b -> b.data(new DatasetIdentity("quick", "ce".repeat(32)))));
        t.put("fingerprint kind (content)", i -> with(i, b -> b.data(new DatasetIdentity("content", "cd".repeat(32)))));
        t.put("preprocessing crop", i -> with(i, b -> b.prep(prep(192, "bilinear", 0.485f))));
        t.put("preprocessing interpolation", i -> with(i, b -> b.prep(prep(224, "bicubic", 0.485f))));
        t.put("preprocessing mean", i -> with(i, b -> b.prep(prep(224, "bilinear", 0.5f))));
        t.put("preprocessor version", i -> with(i, b -> b.preprocessor("preprocess-4")));
        t.put("routine lr", i -> with(i, b -> b.routine(routine(3, new int[] {60, 80}, 100, 256, 0, false))));
        t.put("routine milestones", i -> with(i, b -> b.routine(routine(30, new int[] {60, 90}, 100, 256, 0, false))));
        t.put("routine epochs", i -> with(i, b -> b.routine(routine(30, new int[] {60, 80}, 90, 256, 0, false))));
        t.put("routine batch", i -> with(i, b -> b.routine(routine(30, new int[] {60, 80}, 100, 512, 0, false))));
        t.put("routine weight decay", i -> with(i, b -> b.routine(routine(30, new int[] {60, 80}, 100, 256, 1e-4, false))));
        t.put("routine nesterov", i -> with(i, b -> b.routine(routine(30, new int[] {60, 80}, 100, 256, 0, true))));
        t.put("seed", i -> with(i, b -> b.seed(1)));
        t.put("classes", i -> with(i, b -> b.classes(999)));
        t.put("numeric key", i -> with(i, b -> b.numeric(NUMERIC.replace("onednn=on", "onednn=off"))));
        return t;
    }

    @Test
    void theSameInputsGiveTheSameKey() {
        Inputs again = new Inputs(backbone("keymaps/2", null), new EngineIdentity("TensorFlow", "2.16.1", "0.33.0"),
                new DatasetIdentity("quick", "cd".repeat(32)), prep(224, "bilinear", 0.485f), "preprocess-3",
                routine(30, new int[] {60, 80}, 100, 256, 0, false), 0, 1000, NUMERIC);
        assertThat(again.features().key()).isEqualTo(BASE.features().key()).hasSize(64);
        assertThat(again.head().key()).isEqualTo(BASE.head().key());
        assertThat(again.head().canonical()).isEqualTo(BASE.head().canonical());
    }

    @Test
    void anySingleChangedInputGivesAnotherKey() {
        Set<String> keys = new HashSet<>();
        keys.add(BASE.head().key());
        for (var change : changes().entrySet()) {
            Inputs changed = change.getValue().apply(BASE);
            assertThat(changed).as(change.getKey()).isNotEqualTo(BASE);
            assertThat(keys.add(changed.head().key())).as(change.getKey() + " changes the head key").isTrue();
            boolean featureInput = !change.getKey().startsWith("routine") && !Set.of("seed", "classes", "numeric key")
                    .contains(change.getKey());
            assertThat(changed.features().key().equals(BASE.features().key())).as(change.getKey()
                    + (featureInput ? " changes" : " leaves") + " the features key").isEqualTo(!featureInput);
        }
        assertThat(keys).hasSize(changes().size() + 1);
    }

    /**
     * The protocols' keys: a train-time draw (a view, an epoch's template) keys its own features, each view and
     * each protocol its own heads, and the center head's key is what it was (its absent fields are left out).
     */
    @Test
    void trainDrawsAndProtocolsGetTheirOwnKeysAndCenterKeepsItsOwn() {
        dev.lottery.data.TrainTransform t = dev.lottery.data.TrainTransform.standard("bilinear", "test");
        FeaturesProvenance center = BASE.features();
        FeaturesProvenance view0 = withDraw(center, Augmentation.of(t, PREP, 0, 0));
        FeaturesProvenance view1 = withDraw(center, Augmentation.of(t, PREP, 0, 1));
        FeaturesProvenance bicubic = withDraw(center, Augmentation.of(
                dev.lottery.data.TrainTransform.standard("bicubic", "test"), PREP, 0, 0));
        assertThat(Set.of(center.key(), view0.key(), view1.key(), bicubic.key())).hasSize(4);
        assertThat(center.canonical()).doesNotContain("augmentation");
        assertThat(view0.canonical()).contains("\"augmentation\":{").contains("random-resized-crop");

        HeadProvenance c = BASE.head();
        HeadProvenance views2 = HeadProvenance.ofViews("views-2", java.util.List.of(view0, view1), ROUTINE, 0, 1000,
                NUMERIC);
        HeadProvenance views2Seed1 = HeadProvenance.ofViews("views-2", java.util.List.of(view0, view1), ROUTINE, 1,
                1000, NUMERIC);
        HeadProvenance augmented = HeadProvenance.ofAugmented(withDraw(center, Augmentation.of(t, PREP, 0, -1)),
                ROUTINE, 0, 1000, NUMERIC);
        assertThat(Set.of(c.key(), views2.key(), views2Seed1.key(), augmented.key())).hasSize(4);
        assertThat(c.canonical()).doesNotContain("protocol").doesNotContain("views");
        assertThat(augmented.canonical()).contains("\"protocol\":\"augmented\"");
    }

    private static FeaturesProvenance withDraw(FeaturesProvenance f, Augmentation a) {
        return new FeaturesProvenance(f.format(), f.backbone(), f.engine(), f.dataset(), f.preprocessing(),
                f.preprocessor(), f.tap(), a, f.batch());
    }

    /**
     * The extraction batch is in the features' key, except the default 256 every entry before the field
     * was extracted with, whose keys stay as they were.
     */
    @Test
    void theExtractionBatchKeysFeaturesExceptAtTheDefault() {
        FeaturesProvenance before = new Inputs(BACKBONE, ENGINE, DATA, PREP, dev.lottery.data.Preprocessor.VERSION,
                ROUTINE, 0, 1000, NUMERIC).features();
        FeatureOrigin origin = new FeatureOrigin(BACKBONE, ENGINE);
        FeaturesProvenance at256 = FeaturesProvenance.of(origin, DATA, PREP, 256);
        FeaturesProvenance at1024 = FeaturesProvenance.of(origin, DATA, PREP, 1024);
        assertThat(at256.key()).isEqualTo(before.key());
        assertThat(at256.canonical()).doesNotContain("batch");
        assertThat(at256.extractionBatch()).isEqualTo(256);
        assertThat(at1024.key()).isNotEqualTo(before.key());
        assertThat(at1024.canonical()).contains("\"batch\":1024");
        assertThat(at1024.extractionBatch()).isEqualTo(1024);
        assertThat(HeadProvenance.of(at1024, ROUTINE, 0, 1000, NUMERIC).key())
                .isNotEqualTo(HeadProvenance.of(at256, ROUTINE, 0, 1000, NUMERIC).key());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FeaturesProvenance.of(origin, DATA, PREP, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one image");
    }

    @Test
    void aSegmentKeyNamesItsFeaturesIndexAndSize() {
        FeaturesProvenance f = BASE.features();
        Set<String> keys = Set.of(new SegmentProvenance(f, 0, 65536).key(), new SegmentProvenance(f, 1, 65536).key(),
                new SegmentProvenance(f, 0, 1024).key(), f.key(),
                new SegmentProvenance(with(BASE, b -> b.seed(0).prep(prep(192, "bilinear", 0.485f))).features(), 0,
                        65536).key());
        assertThat(keys).hasSize(5);
    }

    @Test
    void theCanonicalTextIsSortedCompactJsonWhoseHashIsTheKey() {
        String text = BASE.head().canonical();
        assertThat(text).startsWith("{\"kind\":\"heads\",\"provenance\":{\"classes\":1000,\"features\":{\"backbone\":")
                .doesNotContain("\n").doesNotContain("null")
                .contains("\"engine\":{\"djl\":\"0.33.0\",\"name\":\"TensorFlow\",\"version\":\"2.16.1\"}")
                .contains("\"mean\":[0.485,0.456,0.406]")
                .contains("\"milestones\":[60,80]")
                .contains("\"numericEnvironment\":\"" + NUMERIC + "\"");
        assertThat(BASE.head().key()).isEqualTo(CanonicalJson.sha256(text));
        // the record tree reads back: every node's keys in order
        assertThat(CanonicalJson.parse(text).get("provenance").get("routine").get("source").asText())
                .isEqualTo(ROUTINE.source());
    }

    /** A copy of the inputs with some replaced. */
    static Inputs with(Inputs i, UnaryOperator<Builder> change) {
        return change.apply(new Builder(i)).build();
    }

    static final class Builder {
        private BackboneIdentity backbone;
        private EngineIdentity engine;
        private DatasetIdentity data;
        private Preprocessing prep;
        private String preprocessor;
        private Routine routine;
        private long seed;
        private int classes;
        private String numeric;

        Builder(Inputs i) {
            backbone = i.backbone();
            engine = i.engine();
            data = i.data();
            prep = i.prep();
            preprocessor = i.preprocessor();
            routine = i.routine();
            seed = i.seed();
            classes = i.classes();
            numeric = i.numeric();
        }

        Builder backbone(BackboneIdentity v) { backbone = v; return this; }
        Builder engine(EngineIdentity v) { engine = v; return this; }
        Builder data(DatasetIdentity v) { data = v; return this; }
        Builder prep(Preprocessing v) { prep = v; return this; }
        Builder preprocessor(String v) { preprocessor = v; return this; }
        Builder routine(Routine v) { routine = v; return this; }
        Builder seed(long v) { seed = v; return this; }
        Builder classes(int v) { classes = v; return this; }
        Builder numeric(String v) { numeric = v; return this; }

        Inputs build() {
            return new Inputs(backbone, engine, data, prep, preprocessor, routine, seed, classes, numeric);
        }
    }
}

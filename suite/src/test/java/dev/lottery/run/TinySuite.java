package dev.lottery.run;

import dev.lottery.analysis.AggregateDefinition;
import dev.lottery.analysis.AggregateKind;
import dev.lottery.analysis.NoiseModel;
import dev.lottery.catalog.Expectation;
import dev.lottery.catalog.Framework;
import dev.lottery.catalog.Suite;
import dev.lottery.catalog.Variant;
import dev.lottery.catalog.Where;
import dev.lottery.data.Preprocessing;
import dev.lottery.probe.Optimizer;
import dev.lottery.probe.Routine;
import dev.lottery.probe.Schedule;
import dev.lottery.score.ScoringRule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The tiny suite declared in Java, the test fixture builder runner tests start from: the same
 * frameworks, routine, preprocessing, variants and aggregate as {@link TinyProject}'s declaration
 * files, every fixture record-only unless a test adds an {@link Expectation}. Only the images are
 * files ({@link TinyProject#data}).
 */
final class TinySuite {

    private TinySuite() {}

    /** Writes the tiny dataset under {@code home} and returns the suite's builder, ready to change or build. */
    static Suite.Builder builder(Path home, boolean corruptOneValImage) throws IOException {
        TinyProject.data(home, corruptOneValImage);
        return declarations(home);
    }

    /** The tiny suite over a dataset already under {@code home}. */
    static Suite.Builder declarations(Path home) {
        Path data = home.resolve("datasets/tiny");
        return Suite.builder("tiny", home).description("tiny test suite")
                .routine(new Routine("fast", Optimizer.SGD, 0.05, 0.9, false, 1e-6, Schedule.COSINE, new int[0], 0.1,
                        0, 20, 32, 0, "test routine"))
                .preprocessing(new Preprocessing("gray", 0, 0, "bilinear", new float[] {0.5f}, new float[] {0.5f}, 1))
                .preprocessing(new Preprocessing("rgb", 0, 0, "bilinear", new float[] {0.5f, 0.5f, 0.5f},
                        new float[] {0.5f, 0.5f, 0.5f}, 3))
                .framework(pixels())
                .framework(randomResNet("random-resnet", "Random ResNet", 0))
                .train(new Variant("train", data.resolve("train"), 90, null, "train", Where.inJava()))
                .variant(new Variant("val", data.resolve("val"), 30, new ScoringRule.Top1(), "in distribution",
                        Where.inJava()))
                .variant(new Variant("shift", data.resolve("shift"), 20, new ScoringRule.ClassSubset(new int[] {0, 1}),
                        "noisier images of classes 0 and 1", Where.inJava()))
                .reference("val").seeds(2).lotteryMargin(5)
                .aggregate(new AggregateDefinition("mean", AggregateKind.MEAN, List.of("val", "shift"), Map.of(), false))
                .recordOnlyUnlessExpected("test");
    }

    static Framework pixels() {
        return Framework.builder("pixels").name("Pixels").group("baseline").pixels().preprocessing("gray")
                .routine("fast").build();
    }

    /** A width-2 random ResNet with He-init seed {@code seed}. */
    static Framework randomResNet(String id, String name, long seed) {
        return Framework.builder(id).name(name).group("baseline").randomResNet(2, seed).preprocessing("rgb")
                .routine("fast").build();
    }

    /** Pixels on val checked against {@code expected} within a declared band of {@code allowance} pp. */
    static Expectation pixelsVal(double expected, double allowance, String source) {
        return Expectation.of("pixels", "val", "top1", expected, NoiseModel.band(allowance), source);
    }
}

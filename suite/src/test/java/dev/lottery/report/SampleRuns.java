package dev.lottery.report;

import dev.lottery.analysis.AggregateDefinition;
import dev.lottery.analysis.AggregateKind;
import dev.lottery.analysis.Analysis;
import dev.lottery.analysis.ScoreTable;
import dev.lottery.analysis.FixtureCheck;
import dev.lottery.analysis.GatePolicy;
import dev.lottery.analysis.NoiseModel;
import dev.lottery.analysis.Predictions;
import dev.lottery.analysis.SignificanceSettings;
import dev.lottery.score.Correctness;
import dev.lottery.score.SeedSpread;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small in-memory runs for report tests: three frameworks, three variants, every status, one lottery pair. */
final class SampleRuns {

    static final List<String> FRAMEWORKS = List.of("alpha", "beta", "gamma<&>");
    static final List<String> VARIANTS = List.of("val", "v2", "sketch");

    private SampleRuns() {}

    /** {@code scores[framework][variant]}; alpha/val passes, beta/val fails, the rest are recorded. */
    static RunResult run(String runId, double[][] scores, Map<String, Object> environment) {
        List<FixtureResult> fixtures = new ArrayList<>();
        for (int i = 0; i < FRAMEWORKS.size(); i++) {
            for (int j = 0; j < VARIANTS.size(); j++) {
                double s = scores[i][j];
                Double expected = null;
                double tol = 0;
                if (j == 0 && i == 0) {
                    expected = s + 0.3;
                    tol = 1;
                } else if (j == 0 && i == 1) {
                    expected = s - 3;
                    tol = 1;
                }
                List<SeedResult> seeds = List.of(
                        new SeedResult(0, s - 0.1, Math.round((s - 0.1) * 10), 1000, 0, s - 3, s + 3, "k0", false),
                        new SeedResult(1, s + 0.1, Math.round((s + 0.1) * 10), 1000, 0, s - 3, s + 3, "k1", false));
                fixtures.add(new FixtureResult("sample", FRAMEWORKS.get(i), VARIANTS.get(j), "top1", "%",
                        Map.of("routine", "r"), s, 2.8, s - 2.8, s + 2.8,
                        SeedSpread.of(new double[] {s - 0.1, s + 0.1}), seeds, 1000, 0,
                        FixtureCheck.of(s, 2, expected, NoiseModel.band(tol), new GatePolicy(0.01, 2)), "test"));
            }
        }
        List<AggregateDefinition> aggregates = List.of(AggregateDefinition.of("mean", AggregateKind.MEAN, VARIANTS, false));
        var analysis = Analysis.analyse(new ScoreTable(FRAMEWORKS, VARIANTS, scores), "val", aggregates, 2.0,
                predictions(scores), SignificanceSettings.DEFAULT);
        return new RunResult(runId, "sample", "a sample run", fixtures, analysis, aggregates, 2.0, environment,
                List.of(new dev.lottery.data.BadSample("val", "shard-0.tar", "k7", "not an image")), List.of("a note"), 12.5, java.util.Map.of(),
                List.of(new StageTimes("alpha", 7.25, 3.5, 0.125, 4, 0, 2, 0), new StageTimes("beta", 0.5, 0.25, 0.125, 4, 4, 2, 2),
                        new StageTimes("gamma<&>", 1.0, 0.0, 0.25, 3, 1, 2, 0)));
    }

    /** Per-image outcomes matching the seeds' counts: framework i right on a run of images starting at 7i. */
    static Predictions predictions(double[][] scores) {
        Predictions.Builder b = new Predictions.Builder();
        for (int i = 0; i < FRAMEWORKS.size(); i++) {
            for (int j = 0; j < VARIANTS.size(); j++) {
                for (int seed = 0; seed < 2; seed++) {
                    long correct = Math.round((scores[i][j] + (seed == 0 ? -0.1 : 0.1)) * 10);
                    boolean[] right = new boolean[1000];
                    for (int k = 0; k < correct; k++) {
                        right[(7 * i + k) % 1000] = true;
                    }
                    b.add(FRAMEWORKS.get(i), VARIANTS.get(j), VARIANTS.get(j), seed, Correctness.of(right));
                }
            }
        }
        return b.build();
    }

    static double[][] scores() {
        // alpha beats beta by 1 pp on val; beta wins on v2: one lottery pair
        return new double[][] {{80, 60, 40}, {79, 62, 35}, {70, 50, 30}};
    }

    static Map<String, Object> environment(String engineVersion, String device) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("engine", Map.of("name", "TensorFlow", "version", engineVersion));
        env.put("device", device);
        env.put("threads", Map.of("availableProcessors", 2, "decodeWorkers", 2));
        env.put("datasetFingerprints", Map.of("train", "aaa", "val", "bbb", "v2", "ccc", "sketch", "ddd"));
        env.put("checkpointDigests", Map.of("alpha", "1111"));
        return env;
    }
}

package dev.lottery.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The figures {@link ProbeBenchmark} exists for: the probe step's cost in matrix products, from the
 * same JMH run, once as the ratio of the two separate scores ({@code probeStep / matmul}) and once
 * interleaved ({@code stepNanos / matmulNanos} of {@link ProbeBenchmark#interleaved}), per parameter
 * set. A step holds two products, so 2.0 is the limit.
 */
public final class StepRatios {

    /** One benchmark's score: its method name, its parameters, its primary score and its counters. */
    public record Score(String method, String params, double primary, Map<String, Double> counters) {}

    /** Ratios for one parameter set; {@code NaN} where the run lacked a benchmark. */
    public record Ratio(String params, double separate, double interleaved, double stepMs, double matmulMs) {

        /** One line for the console. */
        public String line() {
            return String.format(java.util.Locale.ROOT,
                    "probe step / matmul%s: %.2f separately (%.2f ms / %.2f ms), %.2f interleaved; limit 2.00",
                    params.isEmpty() ? "" : " [" + params + "]", separate, stepMs, matmulMs, interleaved);
        }
    }

    private StepRatios() {}

    /** The ratios of the {@link ProbeBenchmark} results in {@code results}; empty when it did not run. */
    public static List<Ratio> of(Collection<RunResult> results) {
        List<Score> scores = new ArrayList<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            if (!name.startsWith(ProbeBenchmark.class.getName() + ".")) {
                continue;
            }
            Map<String, Double> counters = new LinkedHashMap<>();
            for (Map.Entry<String, Result> e : r.getAggregatedResult().getSecondaryResults().entrySet()) {
                counters.put(e.getKey(), e.getValue().getScore());
            }
            StringBuilder params = new StringBuilder();
            for (String key : r.getParams().getParamsKeys()) {
                params.append(params.isEmpty() ? "" : ", ").append(key).append('=').append(r.getParams().getParam(key));
            }
            scores.add(new Score(name.substring(name.lastIndexOf('.') + 1), params.toString(),
                    r.getPrimaryResult().getScore(), counters));
        }
        return ofScores(scores);
    }

    /** The ratios of {@code scores}, grouped by parameter set in first-seen order. */
    public static List<Ratio> ofScores(List<Score> scores) {
        Map<String, Map<String, Score>> byParams = new LinkedHashMap<>();
        for (Score s : scores) {
            byParams.computeIfAbsent(s.params(), k -> new LinkedHashMap<>()).put(s.method(), s);
        }
        List<Ratio> ratios = new ArrayList<>();
        for (Map.Entry<String, Map<String, Score>> e : byParams.entrySet()) {
            Score step = e.getValue().get("probeStep");
            Score matmul = e.getValue().get("matmul");
            Score both = e.getValue().get("interleaved");
            if (step == null && matmul == null && both == null) {
                continue;
            }
            double stepMs = step == null ? Double.NaN : step.primary();
            double matmulMs = matmul == null ? Double.NaN : matmul.primary();
            double interleaved = both == null ? Double.NaN
                    : both.counters().getOrDefault("stepNanos", Double.NaN)
                            / both.counters().getOrDefault("matmulNanos", Double.NaN);
            ratios.add(new Ratio(e.getKey(), stepMs / matmulMs, interleaved, stepMs, matmulMs));
        }
        return ratios;
    }
}

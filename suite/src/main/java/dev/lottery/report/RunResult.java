package dev.lottery.report;

import dev.lottery.analysis.AggregateDefinition;
import dev.lottery.analysis.AnalysisResult;
import dev.lottery.analysis.GatePolicy;
import dev.lottery.analysis.Status;
import dev.lottery.analysis.SuiteCheck;
import dev.lottery.data.BadSample;
import java.util.List;
import java.util.Map;

/**
 * Everything a run produced: enough to rebuild every report without recomputing anything.
 *
 * @param environment the environment fingerprint (see {@link EnvironmentProbe})
 * @param badSamples  the samples skipped as bad, each named with its split
 * @param notes       cache repairs and other events worth a line in the report
 * @param failedFrameworks frameworks that could not be run (id to the error, one line): their
 *                    fixtures are not in {@code fixtures}, and the run exits 2
 * @param stageTimes  per framework: wall time of extraction, training and scoring, and cache hits
 */
public record RunResult(
        String runId,
        String suite,
        String description,
        List<FixtureResult> fixtures,
        AnalysisResult analysis,
        List<AggregateDefinition> aggregates,
        double lotteryMargin,
        Map<String, Object> environment,
        List<BadSample> badSamples,
        List<String> notes,
        double wallSeconds,
        Map<String, String> failedFrameworks,
        List<StageTimes> stageTimes) {

    public RunResult {
        failedFrameworks = failedFrameworks == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(failedFrameworks));
        stageTimes = stageTimes == null ? List.of() : List.copyOf(stageTimes);
    }

    /** A run in which every framework ran to the end. */
    public RunResult(String runId, String suite, String description, List<FixtureResult> fixtures,
            AnalysisResult analysis, List<AggregateDefinition> aggregates, double lotteryMargin,
            Map<String, Object> environment, List<BadSample> badSamples, List<String> notes, double wallSeconds) {
        this(runId, suite, description, fixtures, analysis, aggregates, lotteryMargin, environment, badSamples, notes,
                wallSeconds, Map.of(), List.of());
    }

    /** The same run under another id (a reports folder already holds one of this id). */
    public RunResult withRunId(String id) {
        return new RunResult(id, suite, description, fixtures, analysis, aggregates, lotteryMargin, environment,
                badSamples, notes, wallSeconds, failedFrameworks, stageTimes);
    }

    public long count(Status status) {
        return fixtures.stream().filter(f -> f.status() == status).count();
    }

    /** The suite-level tests over the checked fixtures' standardised differences. */
    public SuiteCheck suiteCheck() {
        List<SuiteCheck.Entry> entries = fixtures.stream().filter(f -> f.status() != Status.RECORDED)
                .map(f -> new SuiteCheck.Entry(f.framework(), f.check().z())).toList();
        GatePolicy policy = fixtures.stream().map(f -> f.check().policy()).findFirst()
                .orElse(new GatePolicy(GatePolicy.DEFAULT_FALSE_ALARM_RATE, 0));
        return SuiteCheck.of(entries, policy);
    }

    /**
     * 0 when every checked fixture and the suite-level tests pass, 1 when any fails, 2 when a framework
     * could not be run.
     */
    public int exitCode() {
        if (!failedFrameworks.isEmpty()) {
            return 2;
        }
        return count(Status.FAIL) > 0 || suiteCheck().status() == Status.FAIL ? 1 : 0;
    }

    /**
     * As {@link #exitCode()}, and 1 when samples were skipped as bad, unless {@code acceptBadSamples}: a
     * skipped image changes the scores, so a run says so in its status as {@code extract} does (both
     * count, list and skip; {@code --allow-bad-images} accepts them).
     */
    public int exitCode(boolean acceptBadSamples) {
        int verdict = exitCode();
        return verdict == 0 && !acceptBadSamples && !badSamples.isEmpty() ? 1 : verdict;
    }
}

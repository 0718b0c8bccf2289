package dev.lottery.report;

import dev.lottery.analysis.AggregateDefinition;
import dev.lottery.analysis.AnalysisResult;
import java.util.List;
import java.util.Map;

/**
 * Everything a run produced: enough to rebuild every report without recomputing anything.
 *
 * @param environment the environment fingerprint (see {@link EnvironmentProbe})
 * @param badSamples  one line per bad sample: split, shard, key, reason
 * @param notes       cache repairs and other events worth a line in the report
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
        List<String> badSamples,
        List<String> notes,
        double wallSeconds) {

    /** The same run under another id (a reports folder already holds one of this id). */
    public RunResult withRunId(String id) {
        return new RunResult(id, suite, description, fixtures, analysis, aggregates, lotteryMargin, environment,
                badSamples, notes, wallSeconds);
    }

    public long count(dev.lottery.analysis.Status status) {
        return fixtures.stream().filter(f -> f.status() == status).count();
    }

    /** 0 when every checked fixture passes, 1 when any fails. */
    public int exitCode() {
        return count(dev.lottery.analysis.Status.FAIL) > 0 ? 1 : 0;
    }
}

package dev.lottery.report;

import dev.lottery.analysis.FixtureCheck;
import dev.lottery.analysis.FixtureScore;
import dev.lottery.analysis.GatePolicy;
import dev.lottery.analysis.Status;
import dev.lottery.score.SeedSpread;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one fixture, shaped like a JMH result: params, a primary metric (score over
 * seeds, its error and interval, the per-seed raw values), plus the expectation it was checked
 * against and the status of that check.
 *
 * @param score       mean accuracy over seeds, percent
 * @param lower       lower end of the 95% Clopper-Pearson interval of the mean seed's count, percent
 * @param upper       upper end of that interval, percent
 * @param scoreError  half-width of that interval (JMH's "scoreError")
 * @param check       the expectation check: expected value, noise model, threshold, z, detectable shift
 */
public record FixtureResult(
        String suite,
        String framework,
        String variant,
        String metric,
        String unit,
        Map<String, String> params,
        double score,
        double scoreError,
        double lower,
        double upper,
        SeedSpread spread,
        List<SeedResult> seeds,
        int samples,
        int badSamples,
        FixtureCheck check,
        String source) implements FixtureScore {

    public Status status() {
        return check.status();
    }

    /** Null when the fixture is record-only. */
    public Double expected() {
        return check.expected();
    }

    /** The largest |score - expected| that passes, pp (NaN when record-only). */
    public double tolerance() {
        return check.threshold();
    }

    /** The same result checked under another policy (a merged run has more checked fixtures than a shard). */
    public FixtureResult under(GatePolicy policy) {
        return new FixtureResult(suite, framework, variant, metric, unit, params, score, scoreError, lower, upper, spread,
                seeds, samples, badSamples, check.under(policy, score), source);
    }

    public String benchmark() {
        return suite + "." + framework + "." + variant;
    }

    public double[] rawData() {
        return seeds.stream().mapToDouble(SeedResult::accuracy).toArray();
    }
}

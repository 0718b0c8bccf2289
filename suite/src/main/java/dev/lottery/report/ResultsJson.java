package dev.lottery.report;

import dev.lottery.io.Ordered;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lottery.analysis.FixtureCheck;
import dev.lottery.analysis.NoiseModel;
import dev.lottery.analysis.SuiteCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code results.json}: a top-level array with one object per fixture, in JMH's result layout
 * ({@code benchmark}, {@code mode}, {@code params}, {@code primaryMetric} with {@code score},
 * {@code scoreError}, {@code scoreConfidence}, {@code scoreUnit}, {@code rawData}) extended with the
 * expectation check ({@code status}, {@code expected}, {@code tolerance} = the threshold applied,
 * {@code source}, and {@code check}: the noise model, z, p-value, threshold and detectable shift).
 */
public final class ResultsJson {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsJson() {}

    public static String render(RunResult run) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FixtureResult f : run.fixtures()) {
            out.add(fixture(f));
        }
        return json(out);
    }

    static Map<String, Object> fixture(FixtureResult f) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("benchmark", f.benchmark());
        o.put("mode", "linear-probe");
        o.put("seeds", f.seeds().size());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("framework", f.framework());
        params.put("variant", f.variant());
        params.putAll(f.params());
        o.put("params", params);
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("metric", f.metric());
        metric.put("score", f.score());
        metric.put("scoreError", f.scoreError());
        metric.put("scoreConfidence", List.of(f.lower(), f.upper()));
        metric.put("scoreConfidenceMethod", "95% Clopper-Pearson over the test set (mean seed's count)");
        metric.put("scoreUnit", f.unit());
        metric.put("seedSpread", Ordered.map("n", f.spread().n(), "mean", f.spread().mean(), "sd", f.spread().sd(),
                "min", f.spread().min(), "max", f.spread().max()));
        List<Double> raw = new ArrayList<>();
        for (double v : f.rawData()) {
            raw.add(v);
        }
        metric.put("rawData", List.of(raw));
        List<Map<String, Object>> perSeed = new ArrayList<>();
        for (SeedResult s : f.seeds()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seed", s.seed());
            m.put("accuracy", s.accuracy());
            m.put("correct", s.correct());
            m.put("scored", s.scored());
            m.put("excluded", s.excluded());
            m.put("confidence", List.of(s.lower(), s.upper()));
            m.put("head", s.headKey());
            m.put("headFromCache", s.headFromCache());
            if (!s.referenceByEpoch().isEmpty()) {
                m.put("referenceByEpoch", s.referenceByEpoch());
                m.put("reportedEpoch", s.reportedEpoch());
            }
            perSeed.add(m);
        }
        metric.put("perSeed", perSeed);
        o.put("primaryMetric", metric);
        o.put("samples", f.samples());
        o.put("badSamples", f.badSamples());
        o.put("status", f.status().name().toLowerCase());
        o.put("expected", f.expected());
        o.put("tolerance", f.expected() == null ? null : f.tolerance());
        o.put("source", f.source());
        o.put("check", check(f.check()));
        return o;
    }

    /** The noise model and gate behind a fixture's status (see {@link FixtureCheck}); NaN as null. */
    static Map<String, Object> check(FixtureCheck c) {
        Map<String, Object> o = new LinkedHashMap<>();
        NoiseModel n = c.noise();
        o.put("calibrated", n.calibrated());
        o.put("seeds", c.seeds());
        o.put("sdSeed", n.sdSeed());
        o.put("seedDf", n.seedDf());
        o.put("sdSeedMean", n.sdSeed() / Math.sqrt(c.seeds()));
        o.put("refSe", n.refSe());
        o.put("sdNumeric", n.sdNumeric());
        o.put("allowance", n.allowance());
        o.put("sigma", finite(c.sigma()));
        o.put("z", finite(c.z()));
        o.put("pValue", finite(c.pValue()));
        o.put("critical", finite(c.critical()));
        o.put("threshold", finite(c.threshold()));
        o.put("detectable95", finite(c.detectable()));
        o.put("falseAlarmRate", c.policy().falseAlarmRate());
        o.put("checkedFixtures", c.policy().checkedFixtures());
        o.put("fixtureAlpha", c.policy().fixtureAlpha());
        return o;
    }

    /** The suite-level tests (see {@link SuiteCheck}), as written into run.json. */
    static Map<String, Object> suiteCheck(SuiteCheck c) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("status", c.status().name().toLowerCase());
        o.put("frameworks", c.groups());
        o.put("shift", finite(c.shift()));
        o.put("shiftP", finite(c.shiftP()));
        o.put("spread", finite(c.spread()));
        o.put("spreadP", finite(c.spreadP()));
        o.put("alphaEach", c.alpha());
        o.put("method", "Stouffer shift and chi-square spread over the frameworks' mean z (conservative for "
                + "correlated variants)");
        return o;
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }
}

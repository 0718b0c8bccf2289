package dev.lottery.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code results.json}: a top-level array with one object per fixture, in JMH's result layout
 * ({@code benchmark}, {@code mode}, {@code params}, {@code primaryMetric} with {@code score},
 * {@code scoreError}, {@code scoreConfidence}, {@code scoreUnit}, {@code rawData}) extended with the
 * expectation check ({@code status}, {@code expected}, {@code tolerance}, {@code source}).
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
        metric.put("seedSpread", Map.of("n", f.spread().n(), "mean", f.spread().mean(), "sd", f.spread().sd(),
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
        return o;
    }

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }
}

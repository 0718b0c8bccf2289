package dev.lottery.report;

import dev.lottery.data.BadSample;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lottery.analysis.AggregateDefinition;
import dev.lottery.analysis.AggregateKind;
import dev.lottery.analysis.Analysis;
import dev.lottery.analysis.AnalysisResult;
import dev.lottery.analysis.FixtureCheck;
import dev.lottery.analysis.GatePolicy;
import dev.lottery.analysis.NoiseModel;
import dev.lottery.analysis.Predictions;
import dev.lottery.analysis.ScoreTable;
import dev.lottery.analysis.SignificanceSettings;
import dev.lottery.analysis.Status;
import dev.lottery.score.SeedSpread;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a run folder back into a {@link RunResult} from its stored files alone ({@code results.json},
 * {@code analysis.json}, {@code environment.json}, {@code run.json}, and {@code predictions.json} for the
 * paired tests when the run kept per-image outcomes): nothing is re-extracted,
 * retrained or rescored. The analysis is rederived from the stored scores with the stored
 * aggregate definitions, reference variant and margin, which gives the numbers the run wrote.
 */
public final class StoredRun {

    private StoredRun() {}

    /** {@code run.json}: the run's own facts that no other file holds. */
    static String runJson(RunResult run) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("format", 1);
        o.put("runId", run.runId());
        o.put("suite", run.suite());
        o.put("description", run.description());
        o.put("frameworks", run.analysis().table().frameworks());
        o.put("variants", run.analysis().table().variants());
        o.put("wallSeconds", run.wallSeconds());
        // one BadSample.line() each: the shape run.json has always had
        o.put("badSamples", run.badSamples().stream().map(BadSample::line).toList());
        o.put("notes", run.notes());
        o.put("stageTimes", run.stageTimes().stream().map(StoredRun::stageTimes).toList());
        o.put("suiteCheck", ResultsJson.suiteCheck(run.suiteCheck()));
        if (!run.failedFrameworks().isEmpty()) {
            o.put("failedFrameworks", run.failedFrameworks());
        }
        return ResultsJson.json(o);
    }

    private static Map<String, Object> stageTimes(StageTimes s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("framework", s.framework());
        m.put("extractionSeconds", s.extractionSeconds());
        m.put("trainingSeconds", s.trainingSeconds());
        m.put("scoringSeconds", s.scoringSeconds());
        m.put("featureSets", s.featureSets());
        m.put("featureSetsFromCache", s.featureSetsFromCache());
        m.put("heads", s.heads());
        m.put("headsFromCache", s.headsFromCache());
        return m;
    }

    private static List<StageTimes> stageTimes(JsonNode array) {
        List<StageTimes> out = new ArrayList<>();
        for (JsonNode s : array) {
            out.add(new StageTimes(s.path("framework").asText(), s.path("extractionSeconds").asDouble(),
                    s.path("trainingSeconds").asDouble(), s.path("scoringSeconds").asDouble(),
                    s.path("featureSets").asInt(), s.path("featureSetsFromCache").asInt(), s.path("heads").asInt(),
                    s.path("headsFromCache").asInt()));
        }
        return out;
    }

    public static RunResult read(Path dir) throws IOException {
        JsonNode results = tree(dir, ReportWriter.RESULTS_JSON);
        JsonNode analysis = tree(dir, ReportWriter.ANALYSIS_JSON);
        JsonNode meta = Files.isRegularFile(dir.resolve(ReportWriter.RUN_JSON)) ? tree(dir, ReportWriter.RUN_JSON)
                : olderRun(analysis, dir);
        Map<String, Object> environment = ResultsJson.MAPPER.convertValue(tree(dir, ReportWriter.ENVIRONMENT_JSON),
                new TypeReference<LinkedHashMap<String, Object>>() {});
        String suite = meta.path("suite").asText();
        List<FixtureResult> fixtures = new ArrayList<>();
        for (JsonNode f : results) {
            fixtures.add(fixture(suite, f, dir));
        }
        List<String> frameworks = strings(meta.path("frameworks"));
        List<String> variants = strings(meta.path("variants"));
        List<AggregateDefinition> aggregates = new ArrayList<>();
        for (JsonNode a : analysis.path("aggregates")) {
            Map<String, Double> weights = new LinkedHashMap<>();
            a.path("weights").fields().forEachRemaining(e -> weights.put(e.getKey(), e.getValue().asDouble()));
            aggregates.add(new AggregateDefinition(a.path("name").asText(), AggregateKind.valueOf(a.path("kind").asText()),
                    strings(a.path("variants")), weights, "fraction".equals(a.path("scale").asText())));
        }
        String reference = analysis.path("referenceVariant").asText();
        double margin = analysis.path("lotteryMargin").asDouble();
        Path predictionsFile = dir.resolve(ReportWriter.PREDICTIONS_JSON);
        Predictions predictions = Files.isRegularFile(predictionsFile)
                ? PredictionsJson.read(ResultsJson.MAPPER.readTree(predictionsFile.toFile()), predictionsFile)
                : Predictions.none();
        return new RunResult(meta.path("runId").asText(), suite, meta.path("description").asText(""), fixtures,
                analyse(fixtures, frameworks, variants, reference, aggregates, margin, predictions), aggregates, margin,
                environment, strings(meta.path("badSamples")).stream().map(BadSample::ofLine).toList(), strings(meta.path("notes")),
                meta.path("wallSeconds").asDouble(),
                ResultsJson.MAPPER.convertValue(meta.path("failedFrameworks"),
                        new TypeReference<LinkedHashMap<String, String>>() {}),
                stageTimes(meta.path("stageTimes")));
    }

    /** The cross-variant analysis of the stored scores, as the run derived it. */
    private static AnalysisResult analyse(List<FixtureResult> fixtures, List<String> frameworks, List<String> variants,
            String reference, List<AggregateDefinition> aggregates, double margin, Predictions predictions) {
        return Analysis.analyse(ScoreTable.of(frameworks, variants, fixtures), reference, aggregates, margin, predictions,
                SignificanceSettings.DEFAULT);
    }

    /**
     * Runs written before {@code run.json} existed: the same facts from {@code analysis.json}, with no
     * description, wall time, bad samples or notes (a note says so).
     */
    private static JsonNode olderRun(JsonNode analysis, Path dir) {
        var meta = ResultsJson.MAPPER.createObjectNode();
        meta.put("runId", analysis.path("runId").asText());
        meta.put("suite", analysis.path("suite").asText());
        meta.set("frameworks", analysis.path("frameworks"));
        meta.set("variants", analysis.path("variants"));
        meta.putArray("notes").add(dir + " has no " + ReportWriter.RUN_JSON + " (written before it existed): "
                + "description, wall time and bad samples are not known");
        return meta;
    }

    private static FixtureResult fixture(String suite, JsonNode f, Path dir) {
        JsonNode m = f.path("primaryMetric");
        Map<String, String> params = new LinkedHashMap<>();
        f.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        String framework = params.remove("framework");
        String variant = params.remove("variant");
        if (framework == null || variant == null) {
            throw new IllegalArgumentException(dir.resolve(ReportWriter.RESULTS_JSON) + ": fixture '"
                    + f.path("benchmark").asText() + "' lacks params.framework or params.variant");
        }
        JsonNode sp = m.path("seedSpread");
        SeedSpread spread = new SeedSpread(sp.path("n").asInt(), sp.path("mean").asDouble(), sp.path("sd").asDouble(),
                sp.path("min").asDouble(), sp.path("max").asDouble());
        List<SeedResult> seeds = new ArrayList<>();
        for (JsonNode s : m.path("perSeed")) {
            seeds.add(new SeedResult(s.path("seed").asLong(), s.path("accuracy").asDouble(), s.path("correct").asLong(),
                    s.path("scored").asLong(), s.path("excluded").asLong(), s.path("confidence").path(0).asDouble(),
                    s.path("confidence").path(1).asDouble(), s.path("head").asText(), s.path("headFromCache").asBoolean(),
                    doubles(s.path("referenceByEpoch")), s.path("reportedEpoch").asInt()));
        }
        JsonNode expected = f.path("expected");
        return new FixtureResult(suite, framework, variant, m.path("metric").asText(), m.path("scoreUnit").asText(),
                params, m.path("score").asDouble(), m.path("scoreError").asDouble(),
                m.path("scoreConfidence").path(0).asDouble(), m.path("scoreConfidence").path(1).asDouble(), spread, seeds,
                f.path("samples").asInt(), f.path("badSamples").asInt(),
                check(f, m.path("score").asDouble(), spread.n(), expected.isNumber() ? expected.asDouble() : null),
                f.path("source").asText(""));
    }

    /**
     * The check recomputed from its stored inputs (noise model, policy, score, seeds): the same
     * function as the run's, so a stored run's verdict is the run's. A run written before noise
     * models existed has only {@code tolerance}: it reads as a fixed band.
     */
    private static FixtureCheck check(JsonNode f, double score, int seeds, Double expected) {
        JsonNode c = f.path("check");
        if (c.isMissingNode()) {
            return FixtureCheck.of(score, seeds, expected, NoiseModel.band(f.path("tolerance").asDouble(0)),
                    new GatePolicy(GatePolicy.DEFAULT_FALSE_ALARM_RATE, 0));
        }
        NoiseModel noise = new NoiseModel(c.path("sdSeed").asDouble(), c.path("seedDf").asInt(),
                c.path("refSe").asDouble(), c.path("sdNumeric").asDouble(), c.path("allowance").asDouble());
        GatePolicy policy = new GatePolicy(c.path("falseAlarmRate").asDouble(), c.path("checkedFixtures").asInt());
        return FixtureCheck.of(score, seeds, expected, noise, policy);
    }

    private static JsonNode tree(Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        try {
            return ResultsJson.MAPPER.readTree(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new NoSuchFileException(file + ": expected a run folder written by './lottery run' (results.json, "
                    + "analysis.json, environment.json, run.json), found no " + name + " there");
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Whether {@code dir} holds a stored run. */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(ReportWriter.RESULTS_JSON));
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asDouble()));
        return out;
    }
}

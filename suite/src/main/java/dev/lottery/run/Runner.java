package dev.lottery.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.lottery.analysis.Analysis;
import dev.lottery.analysis.AnalysisResult;
import dev.lottery.analysis.FixtureCheck;
import dev.lottery.analysis.GatePolicy;
import dev.lottery.analysis.Predictions;
import dev.lottery.analysis.ScoreTable;
import dev.lottery.analysis.SignificanceSettings;
import dev.lottery.catalog.Fixture;
import dev.lottery.catalog.Framework;
import dev.lottery.catalog.Suite;
import dev.lottery.catalog.Variant;
import dev.lottery.data.BadSample;
import dev.lottery.data.DatasetMismatchException;
import dev.lottery.features.ContentStore;
import dev.lottery.features.FeatureRows;
import dev.lottery.probe.Devices;
import dev.lottery.probe.Engines;
import dev.lottery.probe.Probe;
import dev.lottery.probe.Routine;
import dev.lottery.report.EnvironmentProbe;
import dev.lottery.report.FixtureResult;
import dev.lottery.report.NumericEnvironment;
import dev.lottery.report.RunResult;
import dev.lottery.report.SeedResult;
import dev.lottery.score.Interval;
import dev.lottery.score.Intervals;
import dev.lottery.score.SeedSpread;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a {@link Plan}: each framework's fixtures ({@link FrameworkRun}), each fixture checked against
 * its expectation, then the cross-variant analysis. Orchestrates only: features, heads, scores,
 * checks and the analysis are the stages' and rooms' work.
 */
public final class Runner {

    private Runner() {}

    /** The plan {@code options} select from the declaration files under {@code home} ({@link Plan#load}), run. */
    public static RunResult run(Path home, RunOptions options, PrintStream log) throws IOException {
        startEngine();
        return run(Plan.load(home, options), options, log);
    }

    /**
     * Runs {@code plan} as {@code options} say (device, cache, data, threads); the options' selection
     * (suite, frameworks, variants, seeds, added) is the plan's business and is not read here.
     */
    public static RunResult run(Plan plan, RunOptions options, PrintStream log) throws IOException {
        return run(plan, options, log, FeatureRows.MAX_CHUNK_VALUES);
    }

    /** As {@link #run(Plan, RunOptions, PrintStream)}, reading stored features in chunks of at most {@code maxChunkValues} (tests). */
    static RunResult run(Plan plan, RunOptions options, PrintStream log, long maxChunkValues) throws IOException {
        long start = System.nanoTime();
        LocalDateTime started = LocalDateTime.now();
        startEngine();
        Suite suite = plan.suite();
        List<String> notes = new ArrayList<>(plan.notes());
        notes.forEach(n -> log.println("  note: " + n));
        GatePolicy policy = new GatePolicy(suite.falseAlarmRate(),
                (int) suite.fixtures().stream().filter(f -> !f.expectation().recordOnly()).count());
        ContentStore store = new ContentStore(options.cacheDir(), maxChunkValues);
        Progress progress = new Progress(options.progress(), log);
        // what killed runs left (temp files, redundant segments) is removed and said, not left to pile up
        ConsoleRepairs repairs = new ConsoleRepairs(store, log);
        store.removeLeftovers();
        repairs.print();
        FeatureStage featureStage = new FeatureStage(store, options.threads(), progress, options.allowPartial(),
                suite.extractionBatch());
        Preflight.Checked checked = Preflight.check(suite, suite.home(), options, featureStage,
                options::split,
                Preflight.usableSpace(options.cacheDir()));
        // after the preflight, which needs the engine only at its end (the features' keys name its version): the
        // natives load on their thread meanwhile (startEngine)
        RunEnvironment environment = RunEnvironment.probe(options.device());
        Device device = environment.device();

        Ran ran;
        try (Probe probe = Engines.probe(device)) {
            ran = runFrameworks(suite, new FrameworkRun(plan, options, featureStage,
                    new HeadStage(store, probe, environment.numeric().key(), progress), probe, device), checked, repairs,
                    log);
        }
        notes.addAll(ran.notes());
        Map<String, FrameworkRun.Outcome> done = ran.done();
        Map<String, String> failed = ran.failed();

        List<FixtureResult> fixtures = fixtureResults(suite, done, policy);
        Predictions predictions = done.values().stream().map(FrameworkRun.Outcome::predictions)
                .reduce(Predictions.none(), Predictions::with);
        List<String> frameworks = List.copyOf(done.keySet());
        List<String> variants = suite.variants().stream().map(Variant::id).toList();
        AnalysisResult analysis = Analysis.analyse(ScoreTable.of(frameworks, variants, fixtures), suite.reference(),
                suite.aggregates(), suite.lotteryMargin(), predictions, SignificanceSettings.DEFAULT);

        Map<String, Object> facts = environment.facts(plan, options, done.values(), store.problems());
        notes.addAll(store.problems());
        notes.addAll(partialNotes(done.values()));
        Set<BadSample> badSamples = new LinkedHashSet<>();
        done.values().forEach(o -> badSamples.addAll(o.badSamples()));

        // unique within a reports folder once ReportWriter claims it (a second run of the same second: <id>-2)
        String runId = started.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + suite.name();
        double wall = (System.nanoTime() - start) / 1e9;
        return new RunResult(runId, suite.name(), suite.description(), fixtures, analysis, suite.aggregates(),
                suite.lotteryMargin(), facts, List.copyOf(badSamples), notes, wall, failed,
                done.values().stream().map(FrameworkRun.Outcome::times).toList());
    }

    /** Fixes the engine's thread pools (unless the caller did), then lets the engine load in the background. */
    private static void startEngine() {
        NumericEnvironment.configureThreads(0, 1);
        Engines.preload();
    }

    /** What the frameworks gave: outcomes by row, the failed frameworks with why, and notes on them. */
    private record Ran(Map<String, FrameworkRun.Outcome> done, Map<String, String> failed, List<String> notes) {}

    /**
     * Each framework's fixtures in turn; one framework's failure (a damaged checkpoint, a model that will not
     * load) costs no other, but a dataset that differs from its declaration stops the run. When nothing ran,
     * the first failure is thrown as it was (no report to write).
     */
    private static Ran runFrameworks(Suite suite, FrameworkRun frameworks, Preflight.Checked checked,
            ConsoleRepairs repairs, PrintStream log) throws IOException {
        Map<String, FrameworkRun.Outcome> done = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        Exception firstFailure = null;
        for (Framework f : suite.frameworks()) {
            try {
                for (FrameworkRun.Outcome o : frameworks.run(checked.frameworks().get(f.id()))) {
                    done.put(o.row(), o);
                }
                repairs.print();
                log.printf("  %-16s done%n", f.id());
            } catch (DatasetMismatchException e) {
                throw e; // the data is wrong for every framework: no point in going on
            } catch (RuntimeException | IOException e) {
                String why = CauseChain.oneLine(e);
                failed.put(f.id(), why);
                notes.add("framework '" + f.id() + "' failed, its fixtures were not run: " + why);
                log.printf("  %-16s FAILED: %s%n", f.id(), why);
                firstFailure = firstFailure == null ? e : firstFailure;
                repairs.print();
            }
        }
        if (done.isEmpty()) {
            if (firstFailure instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) firstFailure;
        }
        return new Ran(done, failed, notes);
    }

    /** One result per fixture whose framework ran, in the suite's fixture order. */
    private static List<FixtureResult> fixtureResults(Suite suite, Map<String, FrameworkRun.Outcome> done,
            GatePolicy policy) {
        List<FixtureResult> fixtures = new ArrayList<>();
        for (Fixture fx : suite.fixtures()) {
            FrameworkRun.Outcome o = done.get(fx.row());
            if (o != null) {
                fixtures.add(fixtureResult(suite, fx, o.seedResults().get(fx.variant().id()),
                        o.evalSets().get(fx.variant().id()), policy));
            }
        }
        return fixtures;
    }

    /** A note per dataset used with --allow-partial: its scores are not comparable with a full copy's. */
    private static List<String> partialNotes(Collection<FrameworkRun.Outcome> done) {
        Map<String, Object> datasets = new LinkedHashMap<>();
        done.forEach(o -> datasets.putAll(o.datasets()));
        List<String> notes = new ArrayList<>();
        datasets.forEach((id, m) -> {
            if (m instanceof Map<?, ?> split && split.get("partial") != null) {
                notes.add("dataset " + id + " used with --allow-partial: " + split.get("partial")
                        + "; its scores are not comparable with a full copy's");
            }
        });
        return notes;
    }

    private static FixtureResult fixtureResult(Suite suite, Fixture fx, List<SeedResult> seeds, FeatureSet set,
            GatePolicy policy) {
        SeedSpread spread = SeedSpread.of(seeds.stream().mapToDouble(SeedResult::accuracy).toArray());
        Interval ci = Intervals.overSeeds(seeds.stream().mapToLong(SeedResult::correct).toArray(),
                seeds.get(0).scored());
        double lower = ci.lower() * 100;
        double upper = ci.upper() * 100;
        FixtureCheck check = FixtureCheck.of(spread.mean(), spread.n(), fx.expectation().expected(),
                fx.expectation().noise(), policy);
        return new FixtureResult(suite.name(), fx.row(), fx.variant().id(), fx.expectation().metric(), "%",
                params(suite, fx), spread.mean(), (upper - lower) / 2, lower, upper, spread, List.copyOf(seeds),
                set.features().rows(), set.badSamples().size(), check, fx.expectation().source());
    }

    /** A fixture's params, as JMH's: what it was run with. */
    private static Map<String, String> params(Suite suite, Fixture fx) {
        Routine routine = suite.routineOf(fx.framework());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("backbone", fx.framework().backbone().notation());
        if (routine == null) {
            params.put("routine", "pretrained (the checkpoint's own classifier; no training)");
        } else {
            params.put("routine", routine.id());
            params.put("epochs", Integer.toString(routine.epochs()));
            params.put("batchSize", Integer.toString(routine.batchSize()));
            params.put("lr", Double.toString(routine.lr()));
        }
        params.put("preprocessing", fx.framework().preprocessing());
        params.put("protocol", fx.protocol().id());
        if (!fx.protocol().isCenter()) {
            params.put("trainTransform", suite.trainTransformOf(fx.framework()).canonical());
        }
        if (fx.framework().group().equals(AddedFrameworks.GROUP)) {
            params.put("added", fx.framework().note());
        }
        params.put("scoring", fx.variant().scoring().notation());
        params.put("report", routine == null ? "last epoch" : suite.epochRule().label());
        return params;
    }
}

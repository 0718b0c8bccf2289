package dev.lottery.run;

import dev.lottery.data.BadSample;
import dev.lottery.analysis.Analysis;
import dev.lottery.analysis.AnalysisResult;
import dev.lottery.analysis.GatePolicy;
import dev.lottery.analysis.Predictions;
import dev.lottery.analysis.ScoreTable;
import dev.lottery.analysis.SignificanceSettings;
import dev.lottery.report.FixtureResult;
import dev.lottery.report.RunResult;
import dev.lottery.report.StoredRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Combines the folders of shard runs into one run, from their stored files alone (nothing is
 * recomputed but the cross-variant analysis, which is derived from the stored scores exactly as a
 * single-machine run derives it). Refuses incomplete or inconsistent sets: a missing or repeated
 * shard, a framework measured twice, different suites, variants, aggregates, or dataset
 * fingerprints (shards that read different data cannot be one run).
 */
public final class Merge {

    private Merge() {}

    public static RunResult merge(List<Path> dirs) throws IOException {
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("merge expects at least one run folder, found none");
        }
        List<RunResult> runs = new ArrayList<>();
        for (Path d : dirs) {
            runs.add(StoredRun.read(d));
        }
        RunResult first = runs.get(0);
        List<String> variants = first.analysis().table().variants();
        List<String> order = frameworks(runs, dirs);
        List<FixtureResult> fixtures = fixtures(runs, order, variants);
        Predictions predictions = Predictions.none();
        for (RunResult r : runs) {
            predictions = predictions.with(r.analysis().predictions());
        }
        AnalysisResult analysis = Analysis.analyse(ScoreTable.of(order, variants, fixtures),
                first.analysis().referenceVariant(), first.aggregates(), first.lotteryMargin(), predictions.ordered(order),
                SignificanceSettings.DEFAULT);

        Set<BadSample> badSamples = new LinkedHashSet<>();
        List<String> notes = new ArrayList<>();
        double wall = 0;
        Map<String, String> failed = new LinkedHashMap<>();
        List<dev.lottery.report.StageTimes> stageTimes = new ArrayList<>();
        for (RunResult r : runs) {
            failed.putAll(r.failedFrameworks());
            stageTimes.addAll(r.stageTimes());
            badSamples.addAll(r.badSamples());
            notes.addAll(r.notes());
            wall = Math.max(wall, r.wallSeconds());
        }
        Map<String, Object> environment = environment(runs, dirs, notes);
        String runId = first.runId().replaceAll("-shard\\d+of\\d+$", "") + "-merged";
        return new RunResult(runId, first.suite(), first.description(), fixtures, analysis, first.aggregates(),
                first.lotteryMargin(), environment, List.copyOf(badSamples), notes, wall, failed,
                stageTimes.stream().sorted(Comparator.comparingInt(s -> order.indexOf(s.framework()))).toList());
    }

    /**
     * The merged run's frameworks, in the run's declared order when the folders are shards (else in
     * folder order). Refuses folders of different setups, a framework measured twice, and an
     * incomplete or repeated set of shards.
     */
    private static List<String> frameworks(List<RunResult> runs, List<Path> dirs) {
        RunResult first = runs.get(0);
        Shards shards = new Shards(dirs.get(0));
        List<String> frameworks = new ArrayList<>();
        for (int k = 0; k < runs.size(); k++) {
            RunResult r = runs.get(k);
            Path dir = dirs.get(k);
            requireSameSetup(first, r, dirs.get(0), dir);
            if (r.environment().get("shard") instanceof Map<?, ?> shard) {
                shards.add(shard, dir);
            }
            for (String f : r.analysis().table().frameworks()) {
                if (frameworks.contains(f)) {
                    throw new IllegalArgumentException("framework '" + f + "' was measured by two of the folders ("
                            + dir + " and an earlier one); each framework must come from exactly one shard");
                }
                frameworks.add(f);
            }
        }
        return shards.order(frameworks, runs.size());
    }

    /** Suite, variants, aggregates, reference and margin: what makes two folders parts of one run. */
    private static void requireSameSetup(RunResult first, RunResult r, Path firstDir, Path dir) {
        requireSame("suite", first.suite(), r.suite(), firstDir, dir);
        requireSame("variants", first.analysis().table().variants(), r.analysis().table().variants(), firstDir, dir);
        requireSame("aggregate definitions", first.aggregates(), r.aggregates(), firstDir, dir);
        requireSame("reference variant", first.analysis().referenceVariant(), r.analysis().referenceVariant(),
                firstDir, dir);
        requireSame("lottery margin", first.lotteryMargin(), r.lotteryMargin(), firstDir, dir);
    }

    /** The shard facts ({@code environment.shard}) of the folders seen so far: one run's, each index once. */
    private static final class Shards {
        private final Path firstDir;
        private final Map<Integer, Path> seen = new TreeMap<>();
        private Integer count;
        private List<String> declaredFrameworks;

        Shards(Path firstDir) {
            this.firstDir = firstDir;
        }

        void add(Map<?, ?> shard, Path dir) {
            int n = ((Number) shard.get("count")).intValue();
            int i = ((Number) shard.get("index")).intValue();
            if (count != null && count != n) {
                throw new IllegalArgumentException(dir + " is shard " + i + "/" + n + " but " + firstDir
                        + " belongs to a run of " + count + " shards; merge shards of one run");
            }
            count = n;
            Path other = seen.put(i, dir);
            if (other != null) {
                throw new IllegalArgumentException("shard " + i + "/" + n + " given twice: " + other + " and " + dir);
            }
            List<String> declared = strings(shard.get("runFrameworks"));
            if (declaredFrameworks != null) {
                requireSame("the run's frameworks", declaredFrameworks, declared, firstDir, dir);
            }
            declaredFrameworks = declared;
        }

        /**
         * {@code measured} when no folder was a shard; else the run's declared frameworks, once every
         * shard of the run is among the {@code folders} and together they measured exactly those.
         */
        List<String> order(List<String> measured, int folders) {
            if (count == null) {
                return measured;
            }
            List<Integer> missing = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                if (!seen.containsKey(i)) {
                    missing.add(i);
                }
            }
            if (!missing.isEmpty() || seen.size() != folders) {
                throw new IllegalArgumentException("expected all " + count + " shards of the run, found shards "
                        + seen.keySet() + (missing.isEmpty() ? " plus folders that are no shards"
                                : "; missing shard(s) " + missing));
            }
            if (!new LinkedHashSet<>(measured).equals(new LinkedHashSet<>(declaredFrameworks))) {
                throw new IllegalArgumentException("the shards measured frameworks " + measured
                        + " but the run declares " + declaredFrameworks);
            }
            return declaredFrameworks;
        }
    }

    /** Every shard's fixtures checked under the merged run's policy, in framework then variant order. */
    private static List<FixtureResult> fixtures(List<RunResult> runs, List<String> order, List<String> variants) {
        RunResult first = runs.get(0);
        List<FixtureResult> shardFixtures = new ArrayList<>();
        runs.forEach(r -> shardFixtures.addAll(r.fixtures()));
        // each shard held its own fixtures to the run's false-alarm rate; the merged run spreads it over all of them
        GatePolicy policy = new GatePolicy(first.fixtures().isEmpty() ? GatePolicy.DEFAULT_FALSE_ALARM_RATE
                : first.fixtures().get(0).check().policy().falseAlarmRate(),
                (int) shardFixtures.stream().filter(f -> f.expected() != null).count());
        List<FixtureResult> fixtures = new ArrayList<>(shardFixtures.stream().map(f -> f.under(policy)).toList());
        fixtures.sort(Comparator.comparingInt((FixtureResult f) -> order.indexOf(f.framework()))
                .thenComparingInt(f -> variants.indexOf(f.variant())));
        return fixtures;
    }

    /**
     * The first shard's environment with the per-framework and per-dataset maps united, cache
     * counts summed, and a {@code shards} list saying where each part ran. Keys on which the
     * shards disagree (engine, device, commit, ...) are noted.
     */
    private static Map<String, Object> environment(List<RunResult> runs, List<Path> dirs, List<String> notes) {
        Map<String, Object> env = new LinkedHashMap<>(runs.get(0).environment());
        env.remove("shard");
        for (String key : List.of("datasetFingerprints", "backbones", "checkpointDigests")) {
            env.put(key, united(runs, dirs, key));
        }
        if (env.get("cache") instanceof Map<?, ?> c0) {
            env.put("cache", summedCache(runs, c0));
        }
        env.put("shards", shards(runs, dirs, notes));
        return env;
    }

    /** The shards' maps under {@code key} as one; two fingerprints of one dataset refuse the merge. */
    private static Map<String, Object> united(List<RunResult> runs, List<Path> dirs, String key) {
        Map<String, Object> united = new LinkedHashMap<>();
        for (int k = 0; k < runs.size(); k++) {
            if (runs.get(k).environment().get(key) instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    Object before = united.putIfAbsent(String.valueOf(e.getKey()), e.getValue());
                    if (before != null && !before.equals(e.getValue()) && key.equals("datasetFingerprints")) {
                        throw new IllegalArgumentException("dataset '" + e.getKey() + "' has fingerprint " + before
                                + " in an earlier shard but " + e.getValue() + " in " + dirs.get(k)
                                + ": the shards read different data and cannot be merged");
                    }
                }
            }
        }
        return united;
    }

    /** The first shard's cache facts with the hit and head counters summed over the shards. */
    private static Map<String, Object> summedCache(List<RunResult> runs, Map<?, ?> firstCache) {
        Map<String, Object> cache = new LinkedHashMap<>();
        firstCache.forEach((k, v) -> cache.put(String.valueOf(k), v));
        for (String counter : List.of("featureSetsFromCache", "headsFromCache", "headsTotal")) {
            long sum = 0;
            for (RunResult r : runs) {
                if (r.environment().get("cache") instanceof Map<?, ?> c && c.get(counter) instanceof Number n) {
                    sum += n.longValue();
                }
            }
            cache.put(counter, sum);
        }
        return cache;
    }

    /** Where each part ran; a machine fact on which a shard differs from the first is noted. */
    private static List<Map<String, Object>> shards(List<RunResult> runs, List<Path> dirs, List<String> notes) {
        Map<String, String> base = BaselineCompare.flatten(runs.get(0).environment());
        List<Map<String, Object>> shards = new ArrayList<>();
        for (int k = 0; k < runs.size(); k++) {
            RunResult r = runs.get(k);
            Map<String, String> flat = BaselineCompare.flatten(r.environment());
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("runId", r.runId());
            s.put("dir", dirs.get(k).toAbsolutePath().toString());
            s.put("frameworks", r.analysis().table().frameworks());
            for (String key : List.of("cpu.model", "device", "engine.version", "git.commit", "threads.decodeWorkers")) {
                s.put(key, flat.get(key));
                if (k > 0 && !Objects.equals(flat.get(key), base.get(key))) {
                    notes.add("shards differ in " + key + ": " + base.get(key) + " (" + runs.get(0).runId() + ") vs "
                            + flat.get(key) + " (" + r.runId() + ")");
                }
            }
            shards.add(s);
        }
        return shards;
    }

    private static void requireSame(String what, Object a, Object b, Path first, Path dir) {
        if (!Objects.equals(a, b)) {
            throw new IllegalArgumentException("cannot merge: " + what + " differ: " + a + " in " + first + ", " + b
                    + " in " + dir);
        }
    }

    private static List<String> strings(Object list) {
        List<String> out = new ArrayList<>();
        if (list instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        }
        return out;
    }
}

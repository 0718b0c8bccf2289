package dev.lottery.run;

import dev.lottery.report.Comparison;
import dev.lottery.report.FixtureDrift;
import dev.lottery.report.FixtureResult;
import dev.lottery.report.RunResult;
import dev.lottery.report.StoredRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares a run with a baseline run (the last good one), fixture by fixture, from their stored
 * folders: the score change, whether it exceeds the combined 95% interval and the tolerance, and
 * which environment differences could explain it.
 *
 * <p>The tolerance of a fixture is, in order: the {@code --tolerance} override, the tolerance its
 * expectation declares (current run, else baseline), else {@link #DEFAULT_TOLERANCE} for
 * record-only fixtures.
 */
public final class BaselineCompare {

    /** Percentage points allowed for fixtures without a declared tolerance. */
    public static final double DEFAULT_TOLERANCE = 0.5;

    /** Environment keys (flattened, dot-separated) that apply to every fixture. */
    private static final List<String> GLOBAL_KEYS = List.of("engine.", "device", "numeric.", "threads.", "suite.", "git.commit",
            "git.dirty", "jvm.version", "cpu.model");

    private BaselineCompare() {}

    public static Comparison compare(Path currentDir, Path baselineDir, Double toleranceOverride) throws IOException {
        return compare(StoredRun.read(currentDir), StoredRun.read(baselineDir), currentDir.toString(),
                baselineDir.toString(), toleranceOverride);
    }

    public static Comparison compare(RunResult current, RunResult baseline, String currentDir, String baselineDir,
            Double toleranceOverride) {
        if (toleranceOverride != null && !(toleranceOverride >= 0)) {
            throw new IllegalArgumentException("--tolerance must be a non-negative number of percentage points, found "
                    + toleranceOverride);
        }
        Map<String, String> envA = flatten(baseline.environment());
        Map<String, String> envB = flatten(current.environment());
        Set<String> keys = new LinkedHashSet<>(envA.keySet());
        keys.addAll(envB.keySet());
        Map<String, String> differences = new LinkedHashMap<>();
        for (String k : keys) {
            if (!Objects.equals(envA.get(k), envB.get(k)) && comparable(k)) {
                differences.put(k, k + ": " + show(envA.get(k)) + " -> " + show(envB.get(k)));
            }
        }
        Set<String> variants = new LinkedHashSet<>();
        current.fixtures().forEach(f -> variants.add(f.variant()));
        baseline.fixtures().forEach(f -> variants.add(f.variant()));

        Map<String, FixtureResult> before = index(baseline.fixtures());
        Map<String, FixtureResult> after = index(current.fixtures());
        Set<String> ids = new LinkedHashSet<>(after.keySet());
        ids.addAll(before.keySet());
        List<FixtureDrift> out = new ArrayList<>();
        for (String id : ids) {
            FixtureResult a = before.get(id);
            FixtureResult b = after.get(id);
            FixtureResult any = b != null ? b : a;
            double change = a != null && b != null ? b.score() - a.score() : Double.NaN;
            double error = a != null && b != null ? Math.hypot(a.scoreError(), b.scoreError()) : Double.NaN;
            double tolerance;
            String source;
            if (toleranceOverride != null) {
                tolerance = toleranceOverride;
                source = "--tolerance";
            } else if (b != null && b.expected() != null) {
                tolerance = b.tolerance();
                source = "declared";
            } else if (a != null && a.expected() != null) {
                tolerance = a.tolerance();
                source = "declared in baseline";
            } else {
                tolerance = DEFAULT_TOLERANCE;
                source = "default";
            }
            List<String> explanations = new ArrayList<>();
            differences.forEach((k, line) -> {
                if (explains(k, any.framework(), any.variant(), variants)) {
                    explanations.add(line);
                }
            });
            boolean beyondTolerance = !Double.isNaN(change) && Math.abs(change) > tolerance + 1e-9;
            out.add(new FixtureDrift(any.framework(), any.variant(), a == null ? null : a.score(),
                    b == null ? null : b.score(), change, error, !Double.isNaN(change) && Math.abs(change) > error,
                    tolerance, source, beyondTolerance, explanations));
        }
        return new Comparison(current.runId(), baseline.runId(), currentDir, baselineDir, out,
                List.copyOf(differences.values()));
    }

    /** Keys whose difference is worth a line: not paths, timings or cache hit counts. */
    private static boolean comparable(String key) {
        return !key.startsWith("cache.") && !key.equals("maxHeapMiB") && !key.startsWith("shard")
                && !key.endsWith("nativeLibrary") && !key.startsWith("jvm.vm");
    }

    /** Whether a difference in {@code key} could move the score of fixture (framework, variant). */
    static boolean explains(String key, String framework, String variant, Set<String> variants) {
        for (String g : GLOBAL_KEYS) {
            if (g.endsWith(".") ? key.startsWith(g) : key.equals(g)) {
                return true;
            }
        }
        if (key.startsWith("datasetFingerprints.")) {
            String split = key.substring("datasetFingerprints.".length());
            // the fixture's own variant, or a split that is no variant (the training split) and feeds every head
            return split.equals(variant) || !variants.contains(split);
        }
        return key.equals("checkpointDigests." + framework) || key.equals("backbones." + framework);
    }

    private static Map<String, FixtureResult> index(List<FixtureResult> fixtures) {
        Map<String, FixtureResult> out = new LinkedHashMap<>();
        fixtures.forEach(f -> out.put(f.framework() + "/" + f.variant(), f));
        return out;
    }

    static Map<String, String> flatten(Map<String, Object> env) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", env, out);
        return out;
    }

    private static void flatten(String prefix, Object value, Map<String, String> out) {
        if (value instanceof Map<?, ?> m && !m.isEmpty()) {
            m.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
        } else {
            out.put(prefix, String.valueOf(value));
        }
    }

    private static String show(String v) {
        return v == null ? "(absent)" : v;
    }
}

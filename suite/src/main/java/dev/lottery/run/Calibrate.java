package dev.lottery.run;

import dev.lottery.analysis.Calibration;
import dev.lottery.catalog.Catalog;
import dev.lottery.catalog.Expectation;
import dev.lottery.catalog.Fixture;
import dev.lottery.catalog.Suite;
import dev.lottery.io.AtomicFiles;
import dev.lottery.report.FixtureResult;
import dev.lottery.report.RunResult;
import dev.lottery.report.StoredRun;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code lottery calibrate}: runs chosen fixtures over more seeds in each of several numeric
 * environments (child JVMs, each with its own cache), measures every fixture's seed spread and
 * numeric sensitivity ({@link Calibration}), and writes them with proposed expectation rows:
 * {@code calibration.csv} (one row per fixture), {@code environments.csv} (one per fixture and
 * environment), {@code proposed-<suite>.csv} (the suite's expectations file with the measured
 * {@code sd_seed}, {@code seed_df} and {@code sd_numeric}), {@code calibration.md}, and each
 * environment's run folder under {@code runs/}.
 */
public final class Calibrate {

    private Calibrate() {}

    /**
     * @param environments  names of {@link EmulatedEnvironment}s
     * @param cacheRoot     one cache per environment under it (features computed in one environment never
     *                      stand in for another's)
     * @param fillRecordOnly propose a self-calibrated expected value for record-only rows (for a user's own
     *                      fixture or GPU; marked as such in its source)
     */
    public record Options(String suite, List<String> frameworks, int seeds, long seedOffset, List<String> environments,
            Path outDir, Path cacheRoot, boolean fillRecordOnly, Path referenceSeeds) {}

    /** The group name of the reference implementation's per-seed scores. */
    static final String REFERENCE = "reference";

    /**
     * What a calibration measured, per fixture id; {@code kappa}: the pooled numeric sensitivity in units of a
     * seed's sd (sd_numeric = kappa x sd_seed); the environments it skipped or merged.
     */
    public record Result(Map<String, Calibration> fixtures, double kappa, List<String> notes, Path proposed) {}

    public static Result calibrate(Path home, Options o, PrintStream log) throws IOException, InterruptedException {
        Suite suite = Catalog.load(home, o.suite());
        suite.restrict(o.frameworks(), null); // unknown names fail here, before any child starts
        Files.createDirectories(o.outDir());
        List<String> notes = new ArrayList<>();
        Map<String, RunResult> runs = new LinkedHashMap<>();
        Map<String, String> keys = new LinkedHashMap<>();
        long nextSeed = o.seedOffset();
        for (String name : o.environments()) {
            // each environment its own seeds: environments and seeds both vary, so every run is an independent
            // draw and the between-environment spread is measured against independent seed noise
            long first = nextSeed;
            nextSeed += o.seeds();
            EmulatedEnvironment env = EmulatedEnvironment.named(name);
            Path reports = o.outDir().resolve("runs").resolve(name);
            Path logFile = o.outDir().resolve("runs").resolve(name + ".log");
            Files.createDirectories(reports);
            List<String> args = new ArrayList<>(List.of("--suite", o.suite(), "--seeds", Integer.toString(o.seeds()),
                    "--seed-offset", Long.toString(first), "--cache", o.cacheRoot().resolve(name).toString(),
                    "--reports", reports.toString(), "--no-progress"));
            if (o.frameworks() != null) {
                args.add("--frameworks");
                args.add(String.join(",", o.frameworks()));
            }
            log.printf("  %-12s %s ...%n", name, env.description());
            long t0 = System.nanoTime();
            int status = ChildRun.run(home, env, args, logFile);
            if (status > 1) {
                notes.add(name + ": the run could not be carried out (exit " + status + "); see " + logFile);
                log.printf("  %-12s FAILED (exit %d), skipped; see %s%n", name, status, logFile);
                continue;
            }
            RunResult run = StoredRun.read(reports.resolve("latest"));
            String key = numericKey(run);
            String same = keys.entrySet().stream().filter(e -> e.getValue().equals(key)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
            log.printf(Locale.ROOT, "  %-12s %s (%.0f s)%n", name, key, (System.nanoTime() - t0) / 1e9);
            if (same != null) {
                notes.add(name + " is the same numeric environment as " + same + " on this machine (" + key
                        + "): counted once");
                continue;
            }
            keys.put(name, key);
            runs.put(name, run);
        }
        if (runs.isEmpty()) {
            throw new IllegalStateException("no environment could be run; see the logs under " + o.outDir().resolve("runs"));
        }
        Map<String, double[]> reference = o.referenceSeeds() == null ? Map.of() : referenceSeeds(o.referenceSeeds());
        Map<String, Calibration> fixtures = new LinkedHashMap<>();
        for (FixtureResult f : runs.values().iterator().next().fixtures()) {
            String id = f.framework() + "/" + f.variant();
            Map<String, double[]> byEnv = new LinkedHashMap<>();
            runs.forEach((name, run) -> run.fixtures().stream()
                    .filter(x -> x.framework().equals(f.framework()) && x.variant().equals(f.variant()))
                    .findFirst().ifPresent(x -> byEnv.put(name, x.rawData())));
            if (reference.containsKey(id)) {
                byEnv.put(REFERENCE, reference.get(id));
            }
            fixtures.put(id, Calibration.of(byEnv, REFERENCE));
        }
        double kappa = kappa(fixtures.values());
        log.printf(Locale.ROOT, "  numeric sensitivity, pooled over %d fixtures: sd_numeric = %.3f x sd_seed%n",
                fixtures.size(), kappa);
        CalibrationFiles.write(o, suite, runs, keys, fixtures, kappa, notes);
        notes.forEach(n -> log.println("  note: " + n));
        return new Result(fixtures, kappa, notes, o.outDir().resolve("proposed-" + o.suite() + ".csv"));
    }

    /**
     * The between-environment variance in units of each fixture's seed variance, averaged over the fixtures
     * (unclipped, then floored at 0): one fixture's estimate rests on a handful of environments, the pool on all
     * of them, and the offsets environments cause grow with a fixture's seed noise.
     */
    static double kappa(java.util.Collection<Calibration> fixtures) {
        double sum = 0;
        int n = 0;
        for (Calibration c : fixtures) {
            if (c.sdSeed() > 0 && c.perEnvironment().size() > 1) {
                sum += c.betweenExcess() / (c.sdSeed() * c.sdSeed());
                n++;
            }
        }
        return n == 0 ? 0 : Math.sqrt(Math.max(0, sum / n));
    }

    /** A reference's per-seed scores: JSON {@code {"raw": {"framework/variant": [..]}}} (reference-run.json). */
    static Map<String, double[]> referenceSeeds(Path file) throws IOException {
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(file.toFile());
        com.fasterxml.jackson.databind.JsonNode raw = root.has("raw") ? root.get("raw") : root;
        Map<String, double[]> out = new LinkedHashMap<>();
        raw.fields().forEachRemaining(e -> {
            double[] v = new double[e.getValue().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = e.getValue().get(i).asDouble();
            }
            out.put(e.getKey(), v);
        });
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": expected {\"raw\": {\"framework/variant\": [per-seed scores]}}, "
                    + "found no fixtures");
        }
        return out;
    }

    private static String numericKey(RunResult run) {
        Object numeric = run.environment().get("numeric");
        return numeric instanceof Map<?, ?> m && m.get("key") != null ? m.get("key").toString() : "unknown";
    }

    /** Writes the calibration's files (see the class comment). */
    static final class CalibrationFiles {

        private CalibrationFiles() {}

        static void write(Options o, Suite suite, Map<String, RunResult> runs, Map<String, String> keys,
                Map<String, Calibration> fixtures, double kappa, List<String> notes) throws IOException {
            List<List<Object>> csv = new ArrayList<>();
            List<List<Object>> envs = new ArrayList<>();
            StringBuilder md = new StringBuilder("# Calibration of suite " + suite.name() + "\n\n")
                    .append(String.format(Locale.ROOT, "%d seeds in each of %d numeric environments (each its own seeds, "
                            + "from %d on): %s.%s%n%n", o.seeds(), runs.size(), o.seedOffset(), keys,
                            o.referenceSeeds() == null ? "" : " The reference's per-seed scores (" + o.referenceSeeds()
                                    + ") are one more group in the between-environment spread."))
                    .append(String.format(Locale.ROOT, "Pooled numeric sensitivity: sd_numeric = %.3f x sd_seed "
                            + "(proposed for every fixture; the per-fixture estimate beside it rests on %d groups).%n%n",
                            kappa, runs.size() + (o.referenceSeeds() == null ? 0 : 1)))
                    .append("| fixture | mean | sd_seed (df) | sd_numeric (own) | sd_numeric (pooled) | env range "
                            + "| expected | z vs expected |\n|---|---|---|---|---|---|---|---|\n");
            Map<String, Expectation> current = new LinkedHashMap<>();
            suite.fixtures().forEach(f -> current.put(f.id(), f.expectation()));
            for (Map.Entry<String, Calibration> e : fixtures.entrySet()) {
                Calibration c = e.getValue();
                Expectation x = current.get(e.getKey());
                boolean checked = x != null && !x.recordOnly();
                String[] fv = e.getKey().split("/", 2);
                double sdNum = kappa * c.sdSeed();
                double z = !checked ? Double.NaN : (c.mean() - x.expected()) / Math.sqrt(c.sdSeed() * c.sdSeed()
                        / c.count() + x.noise().refSe() * x.noise().refSe() + sdNum * sdNum);
                csv.add(List.of(e.getKey(), fv[0], fv[1], c.count(), c.perEnvironment().size(), fmt(c.mean(), 4),
                        fmt(c.sdSeed(), 4), c.seedDf(), fmt(c.sdNumeric(), 4), fmt(sdNum, 4), fmt(c.environmentRange(), 4),
                        checked ? x.expected() : "", checked ? x.noise().refSe() : "", Double.isNaN(z) ? "" : fmt(z, 3)));
                c.perEnvironment().forEach((name, g) -> envs.add(List.of(e.getKey(), name, keys.getOrDefault(name, ""),
                        g.n(), fmt(g.mean(), 4), fmt(g.sd(), 4))));
                md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f (%d) | %.2f | %.2f | %.2f | %s | %s |%n",
                        e.getKey(), c.mean(), c.sdSeed(), c.seedDf(), c.sdNumeric(), sdNum, c.environmentRange(),
                        checked ? fmt(x.expected(), 2) : "record-only", Double.isNaN(z) ? "–" : fmt(z, 2)));
            }
            if (!notes.isEmpty()) {
                md.append("\n## Notes\n\n");
                notes.forEach(n -> md.append("- ").append(n).append('\n'));
            }
            AtomicFiles.writeString(o.outDir().resolve("calibration.csv"), csv(List.of("fixture", "framework", "variant",
                    "runs", "environments", "mean", "sd_seed", "seed_df", "sd_numeric_fixture", "sd_numeric",
                    "environment_range", "expected", "ref_se", "z_reference"), csv));
            AtomicFiles.writeString(o.outDir().resolve("environments.csv"),
                    csv(List.of("fixture", "environment", "numeric_key", "n", "mean", "sd"), envs));
            AtomicFiles.writeString(o.outDir().resolve("calibration.md"), md.toString());
            AtomicFiles.writeString(o.outDir().resolve("proposed-" + suite.name() + ".csv"),
                    proposed(o, suite, keys, fixtures, kappa));
        }

        /** The suite's expectations file with the measured noise in place (its comment header kept). */
        static String proposed(Options o, Suite suite, Map<String, String> keys, Map<String, Calibration> fixtures,
                double kappa) throws IOException {
            StringBuilder out = new StringBuilder();
            for (String line : Files.readAllLines(suite.expectationsFile())) {
                if (line.startsWith("#")) {
                    out.append(line).append('\n');
                }
            }
            out.append(String.format(Locale.ROOT, "# sd_seed, seed_df, sd_numeric measured by `lottery calibrate` (%d seeds "
                    + "in each of %s, each its own, from seed %d%s; sd_numeric = %.3f x sd_seed, pooled)%n", o.seeds(),
                    keys.keySet(), o.seedOffset(), o.referenceSeeds() == null ? "" : "; the reference's seeds as one more "
                            + "group", kappa));
            List<List<Object>> rows = new ArrayList<>();
            for (Fixture f : suite.fixtures()) {
                Expectation x = f.expectation();
                Calibration c = fixtures.get(f.id());
                List<Object> row = new ArrayList<>(List.of(f.framework().id(), f.variant().id(), x.metric()));
                String source = x.source();
                if (c == null && !x.recordOnly()) { // not calibrated now: the row as it stands
                    row.addAll(List.of(num(x.expected()), num(x.noise().sdSeed()), x.noise().seedDf(),
                            num(x.noise().refSe()), num(x.noise().sdNumeric()), num(x.allowance())));
                } else if (c != null && !x.recordOnly()) {
                    row.addAll(List.of(num(x.expected()), fmt(c.sdSeed(), 3), c.seedDf(), num(x.noise().refSe()),
                            fmt(kappa * c.sdSeed(), 3), num(x.allowance())));
                } else if (c != null && o.fillRecordOnly()) {
                    double sdNum = kappa * c.sdSeed();
                    double se = Math.sqrt(c.sdSeed() * c.sdSeed() / c.count() + sdNum * sdNum / c.perEnvironment().size());
                    row.addAll(List.of(fmt(c.mean(), 3), fmt(c.sdSeed(), 3), c.seedDf(), fmt(se, 3), fmt(sdNum, 3), 0));
                    source = "self-calibrated by lottery calibrate (" + c.count() + " runs over " + keys.keySet()
                            + "; no independent reference: checked against this suite's own earlier runs)";
                } else {
                    row.addAll(List.of("record-only", "", "", "", "", ""));
                }
                row.add(source);
                rows.add(row);
            }
            out.append(csv(List.of("framework", "variant", "metric", "expected", "sd_seed", "seed_df", "ref_se",
                    "sd_numeric", "allowance", "source"), rows));
            return out.toString();
        }

        /** A header and rows through Commons CSV (quoting as every CSV file of the suite). */
        private static String csv(List<String> header, List<List<Object>> rows) throws IOException {
            StringWriter out = new StringWriter();
            try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new))
                    .setRecordSeparator('\n').get())) {
                for (List<Object> r : rows) {
                    p.printRecord(r);
                }
            }
            return out.toString();
        }

        private static String num(double v) {
            return Double.toString(v).replaceAll("\\.0$", "");
        }

        private static String fmt(double v, int decimals) {
            return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
        }

    }
}

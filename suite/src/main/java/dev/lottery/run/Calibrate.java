package dev.lottery.run;

import dev.lottery.analysis.Calibration;
import dev.lottery.catalog.Catalog;
import dev.lottery.catalog.ExpectationDecl;
import dev.lottery.catalog.Fixture;
import dev.lottery.catalog.Suite;
import dev.lottery.report.AtomicFiles;
import dev.lottery.report.FixtureResult;
import dev.lottery.report.RunResult;
import dev.lottery.report.StoredRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
            Path outDir, Path cacheRoot, boolean fillRecordOnly) {}

    /** What a calibration measured, per fixture id, and the environments it skipped. */
    public record Result(Map<String, Calibration> fixtures, List<String> notes, Path proposed) {}

    public static Result calibrate(Path home, Options o, PrintStream log) throws IOException, InterruptedException {
        Suite suite = Catalog.load(home, o.suite());
        suite.restrict(o.frameworks(), null); // unknown names fail here, before any child starts
        Files.createDirectories(o.outDir());
        List<String> notes = new ArrayList<>();
        Map<String, RunResult> runs = new LinkedHashMap<>();
        Map<String, String> keys = new LinkedHashMap<>();
        for (String name : o.environments()) {
            EmulatedEnvironment env = EmulatedEnvironment.named(name);
            Path reports = o.outDir().resolve("runs").resolve(name);
            Path logFile = o.outDir().resolve("runs").resolve(name + ".log");
            Files.createDirectories(reports);
            List<String> args = new ArrayList<>(List.of("--suite", o.suite(), "--seeds", Integer.toString(o.seeds()),
                    "--seed-offset", Long.toString(o.seedOffset()), "--cache", o.cacheRoot().resolve(name).toString(),
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
        Map<String, Calibration> fixtures = new LinkedHashMap<>();
        for (FixtureResult f : runs.values().iterator().next().fixtures()) {
            Map<String, double[]> byEnv = new LinkedHashMap<>();
            runs.forEach((name, run) -> run.fixtures().stream()
                    .filter(x -> x.framework().equals(f.framework()) && x.variant().equals(f.variant()))
                    .findFirst().ifPresent(x -> byEnv.put(name, x.rawData())));
            fixtures.put(f.framework() + "/" + f.variant(), Calibration.of(byEnv));
        }
        CalibrationFiles.write(o, suite, runs, keys, fixtures, notes);
        notes.forEach(n -> log.println("  note: " + n));
        return new Result(fixtures, notes, o.outDir().resolve("proposed-" + o.suite() + ".csv"));
    }

    private static String numericKey(RunResult run) {
        Object numeric = run.environment().get("numeric");
        return numeric instanceof Map<?, ?> m && m.get("key") != null ? m.get("key").toString() : "unknown";
    }

    /** Writes the calibration's files (see the class comment). */
    static final class CalibrationFiles {

        private CalibrationFiles() {}

        static void write(Options o, Suite suite, Map<String, RunResult> runs, Map<String, String> keys,
                Map<String, Calibration> fixtures, List<String> notes) throws IOException {
            StringBuilder csv = new StringBuilder("fixture,framework,variant,runs,environments,mean,sd_seed,seed_df,"
                    + "sd_numeric,environment_range,expected,ref_se,z_reference\n");
            StringBuilder envs = new StringBuilder("fixture,environment,numeric_key,n,mean,sd\n");
            StringBuilder md = new StringBuilder("# Calibration of suite " + suite.name() + "\n\n")
                    .append(String.format(Locale.ROOT, "Seeds %d..%d in each of %d numeric environments: %s.%n%n",
                            o.seedOffset(), o.seedOffset() + o.seeds() - 1, runs.size(), keys))
                    .append("| fixture | mean | sd_seed (df) | sd_numeric | env range | expected | z vs expected |\n"
                            + "|---|---|---|---|---|---|---|\n");
            Map<String, ExpectationDecl> current = new LinkedHashMap<>();
            suite.fixtures().forEach(f -> current.put(f.id(), f.expectation()));
            for (Map.Entry<String, Calibration> e : fixtures.entrySet()) {
                Calibration c = e.getValue();
                ExpectationDecl x = current.get(e.getKey());
                String[] fv = e.getKey().split("/", 2);
                double z = x == null || x.recordOnly() ? Double.NaN
                        : (c.mean() - x.expected()) / Math.sqrt(c.sdSeed() * c.sdSeed() / c.count()
                                + x.noise().refSe() * x.noise().refSe()
                                + c.sdNumeric() * c.sdNumeric() / c.perEnvironment().size());
                csv.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%.4f,%.4f,%d,%.4f,%.4f,%s,%s,%s%n", e.getKey(),
                        fv[0], fv[1], c.count(), c.perEnvironment().size(), c.mean(), c.sdSeed(), c.seedDf(),
                        c.sdNumeric(), c.environmentRange(), x == null || x.recordOnly() ? "" : x.expected(),
                        x == null || x.recordOnly() ? "" : x.noise().refSe(), Double.isNaN(z) ? "" : fmt(z, 3)));
                c.perEnvironment().forEach((name, g) -> envs.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%.4f,%.4f%n",
                        e.getKey(), name, keys.get(name), g.n(), g.mean(), g.sd())));
                md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f (%d) | %.2f | %.2f | %s | %s |%n", e.getKey(),
                        c.mean(), c.sdSeed(), c.seedDf(), c.sdNumeric(), c.environmentRange(),
                        x == null || x.recordOnly() ? "record-only" : fmt(x.expected(), 2), fmt(z, 2)));
            }
            if (!notes.isEmpty()) {
                md.append("\n## Notes\n\n");
                notes.forEach(n -> md.append("- ").append(n).append('\n'));
            }
            AtomicFiles.writeString(o.outDir().resolve("calibration.csv"), csv.toString());
            AtomicFiles.writeString(o.outDir().resolve("environments.csv"), envs.toString());
            AtomicFiles.writeString(o.outDir().resolve("calibration.md"), md.toString());
            AtomicFiles.writeString(o.outDir().resolve("proposed-" + suite.name() + ".csv"),
                    proposed(o, suite, keys, fixtures));
        }

        /** The suite's expectations file with the measured noise in place (its comment header kept). */
        static String proposed(Options o, Suite suite, Map<String, String> keys, Map<String, Calibration> fixtures)
                throws IOException {
            StringBuilder out = new StringBuilder();
            for (String line : Files.readAllLines(suite.expectationsFile())) {
                if (line.startsWith("#")) {
                    out.append(line).append('\n');
                }
            }
            out.append(String.format(Locale.ROOT, "# sd_seed, seed_df, sd_numeric measured by `lottery calibrate` (seeds "
                    + "%d..%d, environments %s)%n", o.seedOffset(), o.seedOffset() + o.seeds() - 1, keys.keySet()));
            out.append("framework,variant,metric,expected,sd_seed,seed_df,ref_se,sd_numeric,allowance,source\n");
            for (Fixture f : suite.fixtures()) {
                ExpectationDecl x = f.expectation();
                Calibration c = fixtures.get(f.id());
                String source = x.source();
                String row;
                if (c == null) {
                    row = x.recordOnly() ? ",,,,," : String.format(Locale.ROOT, "%s,%s,%d,%s,%s,%s",
                            num(x.expected()), num(x.noise().sdSeed()), x.noise().seedDf(), num(x.noise().refSe()),
                            num(x.noise().sdNumeric()), num(x.allowance()));
                    row = (x.recordOnly() ? "record-only" : "") + row;
                } else if (!x.recordOnly()) {
                    row = String.format(Locale.ROOT, "%s,%.3f,%d,%s,%.3f,%s", num(x.expected()), c.sdSeed(), c.seedDf(),
                            num(x.noise().refSe()), c.sdNumeric(), num(x.allowance()));
                } else if (o.fillRecordOnly()) {
                    double se = Math.sqrt(c.sdSeed() * c.sdSeed() / c.count()
                            + c.sdNumeric() * c.sdNumeric() / c.perEnvironment().size());
                    row = String.format(Locale.ROOT, "%.3f,%.3f,%d,%.3f,%.3f,0", c.mean(), c.sdSeed(), c.seedDf(), se,
                            c.sdNumeric());
                    source = "self-calibrated by lottery calibrate (" + c.count() + " runs over " + keys.keySet()
                            + "; no independent reference: checked against this suite's own earlier runs)";
                } else {
                    row = "record-only,,,,,";
                }
                out.append(f.framework().id()).append(',').append(f.variant().id()).append(',').append(x.metric())
                        .append(',').append(row).append(',').append(csvQuote(source)).append('\n');
            }
            return out.toString();
        }

        private static String num(double v) {
            return Double.toString(v).replaceAll("\\.0$", "");
        }

        private static String fmt(double v, int decimals) {
            return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
        }

        private static String csvQuote(String s) {
            return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
        }
    }
}

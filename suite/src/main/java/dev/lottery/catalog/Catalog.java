package dev.lottery.catalog;

import dev.lottery.analysis.AggregateDefinition;
import dev.lottery.analysis.AggregateKind;
import dev.lottery.analysis.GatePolicy;
import dev.lottery.analysis.NoiseModel;
import dev.lottery.backbone.Padding;
import dev.lottery.backbone.checkpoint.KeyMaps;
import dev.lottery.data.Preprocessing;
import dev.lottery.probe.Optimizer;
import dev.lottery.probe.Routine;
import dev.lottery.probe.Schedule;
import dev.lottery.score.ScoringRule;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads and validates the declarations of a suite: {@code suite/catalog/{frameworks,routines,
 * preprocessing}.csv}, {@code suite/catalog/suites/<name>.properties}, the dataset's
 * {@code variants.csv} and {@code expected-results/<name>.csv}. Every problem is collected and
 * reported at once, each naming its file and line.
 */
public final class Catalog {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String RECORD_ONLY = "record-only";
    /** Routine id for "score with the checkpoint's own classifier, train nothing" (the supervised canary). */
    public static final String PRETRAINED = "pretrained";

    private Catalog() {}

    public static Path catalogDir(Path home) {
        return home.resolve("suite").resolve("catalog");
    }

    /** The suite names declared under {@code suite/catalog/suites/}. */
    public static List<String> suiteNames(Path home) {
        try (Stream<Path> files = Files.list(catalogDir(home).resolve("suites"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".properties"))
                    .map(n -> n.substring(0, n.length() - ".properties".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public static Suite load(Path home, String suiteName) {
        List<String> problems = new ArrayList<>();
        Path dir = catalogDir(home);
        Map<String, Routine> routines = readRoutines(dir.resolve("routines.csv"), problems);
        Map<String, Preprocessing> preprocessing = readPreprocessing(dir.resolve("preprocessing.csv"), problems);
        Map<String, Framework> frameworks =
                readFrameworks(dir.resolve("frameworks.csv"), routines, preprocessing, problems);
        pinDigests(frameworks, LockFile.read(dir.resolve(LockFile.FILE_NAME), problems), problems);

        Path suiteFile = dir.resolve("suites").resolve(suiteName + ".properties");
        Properties props = readProperties(suiteFile, home, problems);
        if (props == null) {
            throw new CatalogException(problems);
        }
        SuiteFile sf = new SuiteFile(suiteFile, props, problems);

        Path datasetsFile = home.resolve(sf.get("datasets"));
        Map<String, Variant> declared = readVariants(datasetsFile, problems);
        Variant train = declared.get(sf.get("train"));
        if (train == null && !sf.get("train").isEmpty()) {
            problems.add(suiteFile + ": train split '" + sf.get("train") + "' is not declared in " + datasetsFile);
        }

        List<Framework> suiteFrameworks = new ArrayList<>();
        for (String id : sf.list("frameworks")) {
            Framework f = frameworks.get(id);
            if (f == null) {
                problems.add(suiteFile + ": framework '" + id + "' is not declared in " + dir.resolve("frameworks.csv")
                        + " (declared: " + frameworks.keySet() + ")");
            } else {
                suiteFrameworks.add(f);
            }
        }
        List<Variant> suiteVariants = new ArrayList<>();
        for (String id : sf.list("variants")) {
            Variant v = declared.get(id);
            if (v == null) {
                problems.add(suiteFile + ": variant '" + id + "' is not declared in " + datasetsFile
                        + " (declared: " + declared.keySet() + ")");
            } else if (!v.isScored()) {
                problems.add(suiteFile + ": variant '" + id + "' has no scoring rule in " + v.where());
            } else {
                suiteVariants.add(v);
            }
        }
        String reference = sf.get("reference");
        if (!reference.isEmpty() && suiteVariants.stream().noneMatch(v -> v.id().equals(reference))) {
            problems.add(suiteFile + ": reference variant '" + reference + "' is not one of the suite's variants");
        }
        int seeds = sf.integer("seeds");
        if (seeds < 1) {
            problems.add(suiteFile + ": seeds must be at least 1, found " + seeds);
        }
        double epochScale = sf.number("epoch_scale");
        if (!(epochScale > 0 && epochScale <= 1)) {
            problems.add(suiteFile + ": epoch_scale must be in (0, 1], found " + epochScale);
        }
        double margin = sf.number("lottery_margin");
        double falseAlarmRate = sf.optional("false_alarm_rate").isEmpty() ? GatePolicy.DEFAULT_FALSE_ALARM_RATE
                : sf.number("false_alarm_rate");
        if (!(falseAlarmRate > 0 && falseAlarmRate <= 0.05)) {
            problems.add(suiteFile + ": false_alarm_rate must be in (0, 0.05] (a family-wise rate per run), found "
                    + falseAlarmRate);
        }
        List<AggregateDefinition> aggregates = readAggregates(sf, declared, suiteVariants, problems);

        Path expectationsFile = home.resolve(sf.get("expectations"));
        List<Expectation> expectations = readExpectations(expectationsFile, problems);
        List<Fixture> fixtures = bindExpectations(suiteFrameworks, suiteVariants, expectations, expectationsFile,
                problems);

        if (!problems.isEmpty()) {
            throw new CatalogException(problems);
        }
        Map<String, Routine> scaled = new LinkedHashMap<>();
        routines.forEach((id, r) -> scaled.put(id, r.scaledEpochs(epochScale)));
        return new Suite(suiteName, sf.optional("description"), home, train, List.copyOf(suiteFrameworks),
                List.copyOf(suiteVariants), Map.copyOf(scaled), Map.copyOf(preprocessing), List.copyOf(fixtures),
                reference, seeds, epochScale, margin, falseAlarmRate, List.copyOf(aggregates), expectationsFile);
    }

    /**
     * Every artifact needs a digest: in frameworks.csv's sha256 column or in the lock file beside it
     * (where 'unknown' is allowed, explicitly, until the first fetch records it). Both present must agree.
     * A framework whose lock digest is known gets it as its sha256; an unknown one keeps "".
     */
    private static void pinDigests(Map<String, Framework> frameworks, Map<String, LockFile.Entry> lock,
            List<String> problems) {
        for (Map.Entry<String, Framework> e : frameworks.entrySet()) {
            Framework f = e.getValue();
            if (f.checkpointUrl().isEmpty()) {
                continue;
            }
            LockFile.Entry pinned = lock.get(f.id());
            if (pinned == null && f.sha256().isEmpty()) {
                problems.add(f.where() + ": artifact " + f.checkpointUrl() + " has no SHA-256 (expected 64 lowercase hex"
                        + " digits in the sha256 column, or a row in " + LockFile.FILE_NAME + ", 'unknown' until fetched)");
            } else if (pinned != null && pinned.known() && !f.sha256().isEmpty() && !pinned.sha256().equals(f.sha256())) {
                problems.add(pinned.where() + ": " + f.id() + " is pinned to " + pinned.sha256() + " but " + f.where()
                        + " declares " + f.sha256());
            } else if (pinned != null && pinned.known() && f.sha256().isEmpty()) {
                e.setValue(new Framework(f.id(), f.name(), f.group(), f.backbone(), f.width(), f.initSeed(),
                        f.checkpointUrl(), pinned.sha256(), f.keymap(), f.padding(), f.preprocessing(), f.routine(),
                        f.note(),
                        f.where()));
            }
        }
        lock.keySet().stream().filter(id -> !frameworks.containsKey(id)).forEach(id -> problems.add(
                lock.get(id).where() + ": locked framework '" + id + "' is not declared in frameworks.csv"));
    }

    /** Declared frameworks by id, with digests pinned from the lock file; throws on any problem. */
    public static Map<String, Framework> frameworks(Path home) {
        List<String> problems = new ArrayList<>();
        Path dir = catalogDir(home);
        Map<String, Framework> out = readFrameworks(dir.resolve("frameworks.csv"),
                readRoutines(dir.resolve("routines.csv"), problems),
                readPreprocessing(dir.resolve("preprocessing.csv"), problems), problems);
        pinDigests(out, LockFile.read(dir.resolve(LockFile.FILE_NAME), problems), problems);
        if (!problems.isEmpty()) {
            throw new CatalogException(problems);
        }
        return out;
    }

    /** The declared test-time preprocessing by id ({@code suite/catalog/preprocessing.csv}). */
    public static Map<String, Preprocessing> preprocessing(Path home) {
        List<String> problems = new ArrayList<>();
        Map<String, Preprocessing> out = readPreprocessing(catalogDir(home).resolve("preprocessing.csv"), problems);
        if (!problems.isEmpty()) {
            throw new CatalogException(problems);
        }
        return out;
    }

    static Map<String, Routine> readRoutines(Path file, List<String> problems) {
        Map<String, Routine> out = new LinkedHashMap<>();
        List<String> cols = List.of("id", "optimizer", "lr", "momentum", "nesterov", "weight_decay", "schedule",
                "milestones", "gamma", "warmup_epochs", "epochs", "batch_size", "lars_trust", "source");
        for (DeclarationFile.Row row : DeclarationFile.read(file, cols, problems)) {
            int before = problems.size();
            String id = row.get("id");
            Optimizer optimizer = enumValue(Optimizer.class, row.get("optimizer"), row, "optimizer", problems);
            Schedule schedule = enumValue(Schedule.class, row.get("schedule"), row, "schedule", problems);
            int[] milestones = ints(row.optional("milestones"), row, "milestones", problems);
            double gamma = row.number("gamma");
            double lr = row.number("lr");
            double momentum = row.number("momentum");
            boolean nesterov = row.bool("nesterov");
            double wd = row.number("weight_decay");
            int warmup = row.integer("warmup_epochs");
            int epochs = row.integer("epochs");
            int batch = row.integer("batch_size");
            double trust = row.number("lars_trust");
            String source = row.get("source");
            if (problems.size() > before) {
                continue;
            }
            try {
                Routine r = new Routine(id, optimizer, lr, momentum, nesterov, wd, schedule, milestones, gamma, warmup,
                        epochs, batch, trust, source);
                if (out.put(id, r) != null) {
                    problems.add(row.where() + ": routine '" + id + "' is declared twice");
                }
            } catch (IllegalArgumentException e) {
                problems.add(row.where() + ": invalid routine '" + id + "': " + e.getMessage());
            }
        }
        return out;
    }

    static Map<String, Preprocessing> readPreprocessing(Path file, List<String> problems) {
        Map<String, Preprocessing> out = new LinkedHashMap<>();
        List<String> cols = List.of("id", "resize_shorter", "crop", "interpolation", "mean", "std", "channels",
                "source");
        for (DeclarationFile.Row row : DeclarationFile.read(file, cols, problems)) {
            int before = problems.size();
            String id = row.get("id");
            int resize = row.integer("resize_shorter");
            int crop = row.integer("crop");
            String interpolation = row.get("interpolation");
            float[] mean = floats(row.get("mean"), row, "mean", problems);
            float[] std = floats(row.get("std"), row, "std", problems);
            int channels = row.integer("channels");
            row.get("source");
            if (!interpolation.equals("bilinear") && !interpolation.equals("bicubic")) {
                problems.add(row.where() + ": interpolation must be bilinear or bicubic, found '" + interpolation + "'");
            }
            if (channels != 1 && channels != 3) {
                problems.add(row.where() + ": channels must be 1 or 3, found " + channels);
            } else if (mean.length != channels || std.length != channels) {
                problems.add(row.where() + ": mean and std need " + channels + " value(s) each, found " + mean.length
                        + " and " + std.length);
            }
            for (float s : std) {
                if (!(s > 0)) {
                    problems.add(row.where() + ": std values must be positive, found " + s);
                }
            }
            if (problems.size() == before && out.put(id,
                    new Preprocessing(id, resize, crop, interpolation, mean, std, channels)) != null) {
                problems.add(row.where() + ": preprocessing '" + id + "' is declared twice");
            }
        }
        return out;
    }

    static Map<String, Framework> readFrameworks(Path file, Map<String, Routine> routines,
            Map<String, Preprocessing> preprocessing, List<String> problems) {
        Map<String, Framework> out = new LinkedHashMap<>();
        List<String> cols = List.of("id", "name", "group", "backbone", "width", "init_seed", "checkpoint_url", "sha256",
                "keymap", "preprocessing", "routine", "note");
        for (DeclarationFile.Row row : DeclarationFile.read(file, cols, problems)) {
            int before = problems.size();
            String id = row.get("id");
            String kindText = row.get("backbone");
            BackboneKind kind = BackboneKind.parse(kindText);
            if (kind == null && !kindText.isEmpty()) {
                problems.add(row.where() + ": unknown backbone '" + kindText
                        + "'; expected pixels, random-resnet or checkpoint");
            }
            int width = 0;
            long seed = 0;
            if (kind == BackboneKind.RANDOM_RESNET || kind == BackboneKind.CHECKPOINT) {
                width = row.integer("width");
            }
            if (kind == BackboneKind.RANDOM_RESNET) {
                seed = row.integer("init_seed");
            }
            String url = row.optional("checkpoint_url");
            String sha = row.optional("sha256");
            if (kind == BackboneKind.CHECKPOINT && url.isEmpty()) {
                problems.add(row.where() + ": backbone 'checkpoint' needs a checkpoint_url");
            }
            String keymap = row.optional("keymap");
            // an ONNX export is run as exported (no key map); a PyTorch checkpoint needs its declared map
            boolean onnx = url.endsWith(".onnx");
            if (kind == BackboneKind.CHECKPOINT && onnx && !keymap.isEmpty()) {
                problems.add(row.where() + ": an .onnx artifact runs as exported; leave keymap empty, found '"
                        + keymap + "'");
            } else if (kind == BackboneKind.CHECKPOINT && !onnx && !KeyMaps.names().contains(keymap)) {
                problems.add(row.where() + ": backbone 'checkpoint' needs a keymap, one of " + KeyMaps.names()
                        + "; found '" + keymap + "'");
            }
            String padding = row.optional("padding");
            if (!padding.isEmpty() && kind != BackboneKind.CHECKPOINT) {
                problems.add(row.where() + ": column 'padding' applies to checkpoints only; leave it empty for backbone '"
                        + kindText + "', found '" + padding + "'");
            } else if (!padding.isEmpty() && onnx) {
                problems.add(row.where() + ": an .onnx artifact runs as exported; leave padding empty, found '"
                        + padding + "'");
            } else if (!padding.isEmpty() && Padding.of(padding) == null) {
                problems.add(row.where() + ": column 'padding' must be empty (the checkpoint's own) or one of "
                        + Padding.ids() + ", found '" + padding + "'");
            }
            if (!url.isEmpty() && !sha.isEmpty() && !SHA256.matcher(sha).matches()) {
                problems.add(row.where() + ": artifact " + url + " has no SHA-256 (expected 64 lowercase hex digits, found '"
                        + sha + "')");
            }
            String routine = row.get("routine");
            if (routine.equals(PRETRAINED) && kind != BackboneKind.CHECKPOINT) {
                problems.add(row.where() + ": routine '" + PRETRAINED + "' (the checkpoint's own classifier) needs"
                        + " backbone 'checkpoint'");
            } else if (!routine.isEmpty() && !routine.equals(PRETRAINED) && !routines.containsKey(routine)) {
                problems.add(row.where() + ": unknown routine '" + routine + "'; declared routines: " + routines.keySet());
            }
            String prep = row.get("preprocessing");
            if (!prep.isEmpty() && !preprocessing.containsKey(prep)) {
                problems.add(row.where() + ": unknown preprocessing '" + prep + "'; declared: " + preprocessing.keySet());
            }
            Framework f = new Framework(id, row.get("name"), row.get("group"), kind, width, seed, url, sha,
                    row.optional("keymap"), padding, prep, routine, row.optional("note"), row.where());
            if (problems.size() == before && out.put(id, f) != null) {
                problems.add(row.where() + ": framework '" + id + "' is declared twice");
            }
        }
        return out;
    }

    /** Reads a dataset family's {@code variants.csv} on its own (for {@code lottery datasets}); invalid rows throw. */
    public static Map<String, Variant> readDatasetVariants(Path file) {
        List<String> problems = new ArrayList<>();
        Map<String, Variant> out = readVariants(file, problems);
        if (!problems.isEmpty()) {
            throw new CatalogException(problems);
        }
        return out;
    }

    static Map<String, Variant> readVariants(Path file, List<String> problems) {
        Map<String, Variant> out = new LinkedHashMap<>();
        List<String> cols = List.of("variant", "dir", "expected_count", "class_subset", "scoring", "description");
        for (DeclarationFile.Row row : DeclarationFile.read(file, cols, problems)) {
            int before = problems.size();
            String id = row.get("variant");
            String rootText = row.optional("root");
            boolean underDataRoot = rootText.equals("data-root");
            if (!rootText.isEmpty() && !underDataRoot) {
                problems.add(row.where() + ": column 'root' must be empty or 'data-root', found '" + rootText + "'");
            }
            // ImageNet rows name a sub-path of the data root; repository datasets resolve against this file's folder
            Path dir = underDataRoot ? Path.of(row.get("dir")).normalize()
                    : file.getParent().resolve(row.get("dir")).normalize();
            String layout = row.optional("layout").isEmpty() ? "auto" : row.optional("layout");
            try {
                dev.lottery.data.layout.Layout.of(layout);
            } catch (IllegalArgumentException e) {
                problems.add(row.where() + ": column 'layout': " + e.getMessage());
            }
            String labels = row.optional("labels").isEmpty() ? "folder" : row.optional("labels");
            if (!labels.equals("folder") && !labels.equals("real")) {
                problems.add(row.where() + ": column 'labels' must be folder or real, found '" + labels + "'");
            }
            int count = row.integer("expected_count");
            String scoringText = row.optional("scoring");
            String subset = row.optional("class_subset");
            ScoringRule rule = null;
            if (scoringText.isEmpty()) {
                problems.add(row.where() + ": variant '" + id
                        + "' has no scoring rule; expected top1, real, subset, restricted or none");
            } else if (!scoringText.equals("none")) {
                // the subset and restricted rules take their classes from the class_subset column
                String notation = scoringText.equals("subset") || scoringText.equals("restricted")
                        ? scoringText + ":" + subset : scoringText;
                try {
                    rule = ScoringRule.parse(notation, row.where().toString());
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
            if (problems.size() == before && out.put(id,
                    new Variant(id, dir, count, rule, row.optional("description"), row.where(), layout, labels,
                            underDataRoot, row.optional("source_url"), row.optional("licence"))) != null) {
                problems.add(row.where() + ": variant '" + id + "' is declared twice");
            }
        }
        return out;
    }

    /**
     * Columns {@code framework, variant, metric, expected, source} and the noise model
     * ({@link NoiseModel}): {@code sd_seed, seed_df, ref_se, sd_numeric} (optional, 0 when absent) and
     * {@code allowance} (a declared systematic band; the older name {@code tolerance} reads as the same).
     */
    static List<Expectation> readExpectations(Path file, List<String> problems) {
        List<Expectation> out = new ArrayList<>();
        List<String> cols = List.of("framework", "variant", "metric", "expected", "source");
        for (DeclarationFile.Row row : DeclarationFile.read(file, cols, problems)) {
            String expectedText = row.get("expected");
            Double expected = null;
            NoiseModel noise = NoiseModel.band(0);
            if (!expectedText.equals(RECORD_ONLY)) {
                try {
                    expected = Double.parseDouble(expectedText);
                } catch (NumberFormatException e) {
                    problems.add(row.where() + ": expected must be a number (percent) or '" + RECORD_ONLY + "', found '"
                            + expectedText + "'");
                }
                try {
                    String allowance = !row.optional("allowance").isEmpty() ? "allowance" : "tolerance";
                    noise = new NoiseModel(number(row, "sd_seed"), (int) number(row, "seed_df"), number(row, "ref_se"),
                            number(row, "sd_numeric"), number(row, allowance));
                } catch (IllegalArgumentException e) {
                    problems.add(row.where() + ": " + e.getMessage());
                }
                if (!noise.calibrated() && noise.allowance() == 0) {
                    problems.add(row.where() + ": an expected value needs a noise model (sd_seed, ref_se, sd_numeric) "
                            + "or an allowance > 0; with neither, any difference fails");
                }
            }
            out.add(new Expectation(row.get("framework"), row.get("variant"), row.get("metric"), expected,
                    noise, row.get("source"), row.where()));
        }
        return out;
    }

    /** An optional non-negative number column; empty or absent = 0. */
    private static double number(DeclarationFile.Row row, String column) {
        String text = row.optional(column);
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " must be a number (percentage points), found '" + text + "'");
        }
    }

    private static List<Fixture> bindExpectations(List<Framework> frameworks, List<Variant> variants,
            List<Expectation> expectations, Path file, List<String> problems) {
        Map<String, Expectation> byFixture = new LinkedHashMap<>();
        for (Expectation e : expectations) {
            Expectation previous = byFixture.put(e.framework() + "/" + e.variant(), e);
            if (previous != null) {
                problems.add(e.where() + ": a second expectation for " + e.framework() + "/" + e.variant()
                        + " (first at line " + previous.where().line() + ")");
            }
        }
        List<Fixture> fixtures = new ArrayList<>();
        for (Framework f : frameworks) {
            for (Variant v : variants) {
                Expectation e = byFixture.remove(f.id() + "/" + v.id());
                if (e == null) {
                    problems.add(file + ": fixture " + f.id() + "/" + v.id()
                            + " has no expectation row; add one with an expected value and tolerance, or 'record-only'");
                } else if (!e.metric().equals(v.metric())) {
                    problems.add(e.where() + ": metric '" + e.metric() + "' does not match variant '" + v.id()
                            + "', which is scored as '" + v.metric() + "'");
                } else {
                    fixtures.add(new Fixture(f, v, e));
                }
            }
        }
        byFixture.values().forEach(e -> problems.add(e.where() + ": expectation for " + e.framework() + "/"
                + e.variant() + " matches no fixture of the suite"));
        return fixtures;
    }

    private static List<AggregateDefinition> readAggregates(SuiteFile sf, Map<String, Variant> declared,
            List<Variant> suiteVariants, List<String> problems) {
        List<AggregateDefinition> out = new ArrayList<>();
        for (String key : new TreeSet<>(sf.props.stringPropertyNames())) {
            if (!key.startsWith("aggregate.")) {
                continue;
            }
            String name = key.substring("aggregate.".length());
            String[] parts = sf.props.getProperty(key).split("\\|", -1);
            String where = sf.file + " (" + key + ")";
            if (parts.length != 4) {
                problems.add(where + ": expected kind|variants|weights|scale, found '" + sf.props.getProperty(key) + "'");
                continue;
            }
            AggregateKind kind;
            try {
                kind = AggregateKind.valueOf(parts[0].trim());
            } catch (IllegalArgumentException e) {
                problems.add(where + ": unknown aggregate kind '" + parts[0].trim() + "'; expected "
                        + Arrays.toString(AggregateKind.values()));
                continue;
            }
            List<String> variants = Arrays.stream(parts[1].trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
            Map<String, Double> weights = new LinkedHashMap<>();
            for (String v : variants) {
                if (suiteVariants.stream().noneMatch(x -> x.id().equals(v))) {
                    problems.add(where + ": variant '" + v + "' is not one of the suite's variants");
                    continue;
                }
                switch (parts[2].trim()) {
                    case "equal" -> weights.put(v, 1.0);
                    case "sizes" -> weights.put(v, (double) declared.get(v).expectedCount());
                    default -> problems.add(where + ": weights must be 'equal' or 'sizes', found '" + parts[2].trim() + "'");
                }
            }
            if (kind != AggregateKind.WEIGHTED_MEAN) {
                if (!parts[2].trim().equals("equal")) {
                    problems.add(where + ": only WEIGHTED_MEAN takes weights; use 'equal' for " + kind);
                }
                weights.clear();
            }
            String scale = parts[3].trim();
            if (!scale.equals("percent") && !scale.equals("fraction")) {
                problems.add(where + ": scale must be 'percent' or 'fraction', found '" + scale + "'");
                continue;
            }
            try {
                out.add(new AggregateDefinition(name, kind, variants, weights, scale.equals("fraction")));
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static Properties readProperties(Path file, Path home, List<String> problems) {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
            return props;
        } catch (NoSuchFileException e) {
            problems.add(file + ": suite not declared (known suites: " + suiteNames(home) + ")");
        } catch (IOException e) {
            problems.add(file + ": cannot be read: " + e.getMessage());
        }
        return null;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String text, DeclarationFile.Row row, String column,
            List<String> problems) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase());
        } catch (IllegalArgumentException e) {
            problems.add(row.where() + ": column '" + column + "' must be one of "
                    + Arrays.toString(type.getEnumConstants()).toLowerCase() + ", found '" + text + "'");
            return null;
        }
    }

    private static int[] ints(String text, DeclarationFile.Row row, String column, List<String> problems) {
        if (text.isBlank()) {
            return new int[0];
        }
        try {
            return Arrays.stream(text.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            problems.add(row.where() + ": column '" + column + "' must be space-separated integers, found '" + text + "'");
            return new int[0];
        }
    }

    private static float[] floats(String text, DeclarationFile.Row row, String column, List<String> problems) {
        if (text.isBlank()) {
            return new float[0];
        }
        String[] parts = text.trim().split("\\s+");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Float.parseFloat(parts[i]);
            } catch (NumberFormatException e) {
                problems.add(row.where() + ": column '" + column + "' must be space-separated numbers, found '" + text
                        + "'");
                return new float[0];
            }
        }
        return out;
    }

    /** The suite's properties file, with required keys reported against the file. */
    private record SuiteFile(Path file, Properties props, List<String> problems) {
        String get(String key) {
            String v = props.getProperty(key);
            if (v == null || v.isBlank()) {
                problems.add(file + ": property '" + key + "' is missing");
                return "";
            }
            return v.trim();
        }

        String optional(String key) {
            return props.getProperty(key, "").trim();
        }

        List<String> list(String key) {
            return Arrays.stream(get(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        int integer(String key) {
            try {
                return Integer.parseInt(get(key));
            } catch (NumberFormatException e) {
                problems.add(file + ": property '" + key + "' must be an integer");
                return 0;
            }
        }

        double number(String key) {
            try {
                return Double.parseDouble(get(key));
            } catch (NumberFormatException e) {
                problems.add(file + ": property '" + key + "' must be a number");
                return Double.NaN;
            }
        }
    }
}

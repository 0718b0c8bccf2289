package dev.lottery.catalog;

import dev.lottery.data.Preprocessing;
import dev.lottery.probe.Routine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The declaration files as a front end to the typed suite model: {@code suite/catalog/{frameworks,
 * routines,preprocessing}.csv} and the lock file, {@code suite/catalog/suites/<name>.properties},
 * the dataset's {@code variants.csv} and {@code expected-results/<name>.csv}, each read by its own
 * reader, feed one {@link Suite#builder}. Every problem is collected and reported at once, each
 * naming its file and line.
 */
public final class Catalog {

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
        RoutinesFile.Declared declaredRoutines = RoutinesFile.readAll(dir.resolve("routines.csv"), problems);
        Map<String, Routine> routines = declaredRoutines.routines();
        Map<String, Preprocessing> preprocessing = PreprocessingFile.read(dir.resolve("preprocessing.csv"), problems);
        Map<String, Framework> frameworks = FrameworksFile.read(dir.resolve("frameworks.csv"), routines.keySet(),
                preprocessing.keySet(), problems);
        pinDigests(frameworks, LockFile.read(dir.resolve(LockFile.FILE_NAME), problems), problems);

        Path suiteFile = dir.resolve("suites").resolve(suiteName + ".properties");
        SuiteFile sf = SuiteFile.read(suiteFile, home, problems);
        if (sf == null) {
            throw new CatalogException(problems);
        }
        Path datasetsFile = home.resolve(sf.get("datasets"));
        Map<String, Variant> declared = VariantsFile.read(datasetsFile, problems);
        Variant train = declared.get(sf.get("train"));
        if (train == null && !sf.get("train").isEmpty()) {
            problems.add(suiteFile + ": train split '" + sf.get("train") + "' is not declared in " + datasetsFile);
        }
        List<Framework> suiteFrameworks = select(sf.list("frameworks"), frameworks,
                id -> suiteFile + ": framework '" + id + "' is not declared in " + dir.resolve("frameworks.csv")
                        + " (declared: " + frameworks.keySet() + ")", problems);
        List<Variant> suiteVariants = select(sf.list("variants"), declared,
                id -> suiteFile + ": variant '" + id + "' is not declared in " + datasetsFile + " (declared: "
                        + declared.keySet() + ")", problems);
        Path expectationsFile = home.resolve(sf.get("expectations"));
        Suite.Builder suite = Suite.builder(suiteName, home).declaredAt(suiteFile)
                .description(sf.optional("description")).train(train)
                .frameworks(suiteFrameworks).variants(suiteVariants).routines(routines).preprocessing(preprocessing)
                .reference(sf.get("reference")).seeds(sf.integer("seeds")).epochScale(sf.number("epoch_scale"))
                .lotteryMargin(sf.number("lottery_margin"))
                .aggregates(sf.aggregates(declared, suiteVariants))
                .expectations(ExpectationsFile.read(expectationsFile, problems)).expectationsFile(expectationsFile)
                .trainTransforms(declaredRoutines.transforms());
        declareOptions(sf, suite, suiteFile, problems);
        problems.addAll(suite.problems());
        if (!problems.isEmpty()) {
            throw new CatalogException(problems);
        }
        return suite.build();
    }

    /** The declarations named {@code ids}, in that order; an unknown one is a problem ({@code unknown} says it). */
    private static <T> List<T> select(List<String> ids, Map<String, T> declared,
            java.util.function.Function<String, String> unknown, List<String> problems) {
        List<T> out = new ArrayList<>();
        for (String id : ids) {
            T t = declared.get(id);
            if (t == null) {
                problems.add(unknown.apply(id));
            } else {
                out.add(t);
            }
        }
        return out;
    }

    /** The suite file's optional settings: the epoch rule, the protocols, the false-alarm rate, the extraction batch. */
    private static void declareOptions(SuiteFile sf, Suite.Builder suite, Path suiteFile, List<String> problems) {
        if (!sf.optional("epoch_rule").isEmpty()) {
            try {
                suite.epochRule(EpochRule.parse(sf.optional("epoch_rule")));
            } catch (IllegalArgumentException e) {
                problems.add(suiteFile + ": property 'epoch_rule': " + e.getMessage());
            }
        }
        for (String id : sf.optionalList("protocols")) {
            try {
                suite.protocol(Protocol.parse(id));
            } catch (IllegalArgumentException e) {
                problems.add(suiteFile + ": property 'protocols': " + e.getMessage());
            }
        }
        if (!sf.optional("false_alarm_rate").isEmpty()) {
            suite.falseAlarmRate(sf.number("false_alarm_rate"));
        }
        if (!sf.optional("extraction_batch").isEmpty()) {
            suite.extractionBatch(sf.integer("extraction_batch"));
        }
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
                e.setValue(f.withSha256(pinned.sha256()));
            }
        }
        lock.keySet().stream().filter(id -> !frameworks.containsKey(id)).forEach(id -> problems.add(
                lock.get(id).where() + ": locked framework '" + id + "' is not declared in frameworks.csv"));
    }

    /** Declared frameworks by id, with digests pinned from the lock file; throws on any problem. */
    public static Map<String, Framework> frameworks(Path home) {
        List<String> problems = new ArrayList<>();
        Path dir = catalogDir(home);
        Map<String, Framework> out = FrameworksFile.read(dir.resolve("frameworks.csv"),
                RoutinesFile.read(dir.resolve("routines.csv"), problems).keySet(),
                PreprocessingFile.read(dir.resolve("preprocessing.csv"), problems).keySet(), problems);
        pinDigests(out, LockFile.read(dir.resolve(LockFile.FILE_NAME), problems), problems);
        if (!problems.isEmpty()) {
            throw new CatalogException(problems);
        }
        return out;
    }

    /** The declared test-time preprocessing by id ({@code suite/catalog/preprocessing.csv}). */
    public static Map<String, Preprocessing> preprocessing(Path home) {
        List<String> problems = new ArrayList<>();
        Map<String, Preprocessing> out = PreprocessingFile.read(catalogDir(home).resolve("preprocessing.csv"), problems);
        if (!problems.isEmpty()) {
            throw new CatalogException(problems);
        }
        return out;
    }

    /** Reads a dataset family's {@code variants.csv} on its own (for {@code lottery datasets}); invalid rows throw. */
    public static Map<String, Variant> readDatasetVariants(Path file) {
        List<String> problems = new ArrayList<>();
        Map<String, Variant> out = VariantsFile.read(file, problems);
        if (!problems.isEmpty()) {
            throw new CatalogException(problems);
        }
        return out;
    }
}

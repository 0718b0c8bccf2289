package dev.lottery.cli;

import dev.lottery.catalog.Catalog;
import dev.lottery.catalog.Variant;
import dev.lottery.data.BadSample;
import dev.lottery.data.BadSamples;
import dev.lottery.data.DecodeCheck;
import dev.lottery.data.SampleSource;
import dev.lottery.data.layout.ClassFolderDifference;
import dev.lottery.data.layout.Datasets;
import dev.lottery.data.layout.Opened;
import dev.lottery.data.layout.SplitSpec;
import dev.lottery.run.SplitLocator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Looks at the ImageNet variants on disk: layout, counts, fingerprints, bad files. */
@Command(name = "datasets", description = "Inspect or verify the ImageNet variants on disk.",
        subcommands = {picocli.CommandLine.HelpCommand.class, DatasetsCommand.Inspect.class, DatasetsCommand.Verify.class},
        footerHeading = "%nExamples:%n",
        footer = {"  ./lottery datasets verify --data-root /data",
            "  ./lottery datasets inspect imagenet-r --root /data/imagenet-r --labels r-labels.csv"})
final class DatasetsCommand implements Runnable {

    static final String DECLARATIONS = "datasets/imagenet/variants.csv";

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static Map<String, Variant> declarations(Path file) {
        Path f = file != null ? file : Main.home().resolve(DECLARATIONS);
        return Catalog.readDatasetVariants(f);
    }

    static Variant variant(Map<String, Variant> declared, String id) {
        Variant v = declared.get(id);
        if (v == null) {
            throw new IllegalArgumentException("unknown variant '" + id + "'; expected one of " + declared.keySet());
        }
        return v;
    }

    /** What one look at a split found; {@code difference}: how its class folders differ from the declaration. */
    record Look(SampleSource source, int count, int classes, String fingerprint,
            Optional<ClassFolderDifference> difference) {}

    /** Reads as much of the split as can be read: a partial copy is looked at, its difference kept. */
    static Look look(SplitSpec spec) throws IOException {
        Opened opened = Datasets.openReadable(spec);
        SampleSource s = opened.source();
        TreeSet<Integer> classes = new TreeSet<>();
        int[] n = {0};
        s.forEach(sample -> {
            n[0]++;
            for (int l : sample.labels()) {
                classes.add(l);
            }
        }, new BadSamples());
        return new Look(s, n[0], classes.size(), s.quickFingerprint(), opened.difference());
    }

    static String countLine(Variant v, int count, int listingBad) {
        int seen = count + listingBad;
        return seen + " samples" + (listingBad > 0 ? " (" + listingBad + " unlabelled)" : "")
                + (v.expectedCount() > 0 ? (seen == v.expectedCount() ? ", as declared"
                        : ", but " + v.where() + " declares " + v.expectedCount()) : "");
    }

    @Command(name = "inspect", description = {"Print a variant's detected layout, counts, scoring rule, fingerprint and bad files.",
            "Reports everything it can read (labels too), also from a copy that differs from the declaration.",
            "Exit status: 0 as declared, 1 any difference from the declaration, 2 nothing readable."},
            footerHeading = "%nExamples:%n",
            footer = {"  ./lottery datasets inspect imagenet-r --root /data/imagenet-r --labels r-labels.csv",
                "  ./lottery datasets inspect imagenet-real --root /data/val --real-json /data/real.json --no-decode"})
    static final class Inspect implements Callable<Integer> {
        @Parameters(index = "0", description = "Variant id, e.g. imagenet-val.")
        String variant;

        @Option(names = "--root", required = true, description = "The variant's folder.")
        Path root;

        @Option(names = "--labels", description = "Write a CSV path,labels (sorted-wnid indices 0..999, space separated).")
        Path labels;

        @Option(names = "--real-json", description = "ReaL labels (imagenet-real).")
        Path realJson;

        @Option(names = "--full", description = "Also compute the full (content) fingerprint.")
        boolean full;

        @Option(names = "--no-decode", description = "Skip decoding every image (no bad-file check).")
        boolean noDecode;

        @Option(names = "--threads", description = "Decode threads (default: all cores).")
        Integer threads;

        @Option(names = "--declarations", description = "variants.csv (default: " + DECLARATIONS + ").")
        Path declarations;

        @Override
        public Integer call() throws Exception {
            PrintStream out = System.out;
            Variant v = variant(declarations(declarations), variant);
            SplitSpec spec = SplitLocator.spec(v, null, Map.of(variant, root), realJson);
            Look look = look(spec);
            BadSamples listing = new BadSamples();
            look.source().forEach(s -> { }, listing);
            out.println("variant      " + v.id() + " (" + v.description() + ")");
            out.println("root         " + root.toAbsolutePath().normalize());
            out.println("layout       " + look.source().layout() + (v.layout().equals("auto") ? " (detected)" : " (declared)"));
            out.println("images       " + countLine(v, look.count(), listing.count()));
            out.println("classes      " + look.classes() + " with samples, labels in the sorted-wnid order of "
                    + look.source().classes().size());
            look.difference().ifPresent(d -> out.println("folders      " + d.summary() + ", but " + v.where()
                    + " declares " + d.declared() + "; the rest is reported as read"));
            out.println("scoring      " + (v.scoring() == null ? "none (training split)" : v.scoring().notation()));
            out.println("fingerprint  " + look.fingerprint() + " (quick: relative paths and sizes)");
            if (full) {
                out.println("full         " + look.source().fullFingerprint() + " (content)");
            }
            BadSamples bad = new BadSamples();
            if (!noDecode) {
                int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
                int good = DecodeCheck.run(look.source(), n, bad);
                out.println("decoded      " + good + " of " + look.count());
            }
            List<BadSample> all = new ArrayList<>(listing.list());
            all.addAll(bad.list());
            all.sort(Comparator.comparing(BadSample::key));
            out.println("bad files    " + all.size());
            for (BadSample b : all) {
                out.println("  " + b.key() + ": " + b.reason());
            }
            if (labels != null) {
                writeLabels(look.source(), labels);
                out.println("labels       written to " + labels);
            }
            int seen = look.count() + listing.count();
            boolean differs = look.difference().isPresent() || (v.expectedCount() > 0 && seen != v.expectedCount());
            if (differs) {
                out.println("lottery: " + v.id() + " differs from its declaration (see above); './lottery run "
                        + "--allow-partial' uses such a copy, recorded as partial");
            }
            return differs ? 1 : 0;
        }
    }

    static void writeLabels(SampleSource source, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("path,labels\n");
            IOException[] failure = {null};
            source.forEach(s -> {
                try {
                    w.write(csvCell(s.key()) + "," + Arrays.stream(s.labels()).mapToObj(Integer::toString)
                            .collect(Collectors.joining(" ")) + "\n");
                } catch (IOException e) {
                    failure[0] = e;
                }
            }, new BadSamples());
            if (failure[0] != null) {
                throw failure[0];
            }
        }
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    @Command(name = "verify", description = "Check every configured ImageNet variant: folder, layout, class folders, count.",
            footerHeading = "%nExamples:%n",
            footer = {"  ./lottery datasets verify --data-root /data",
                "  ./lottery datasets verify --data-root /data --dataset-path imagenet-sketch=/big/sketch --variants imagenet-sketch"})
    static final class Verify implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Option(names = "--variants", split = ",", description = "Only these variants.")
        List<String> only;

        @Option(names = "--declarations", description = "variants.csv (default: " + DECLARATIONS + ").")
        Path declarations;

        @Override
        public Integer call() {
            Map<String, Variant> declared = declarations(declarations);
            Path dataRoot = data.root();
            int failures = 0;
            for (Variant v : declared.values()) {
                if (only != null && !only.contains(v.id())) {
                    continue;
                }
                String status;
                try {
                    SplitSpec spec = SplitLocator.spec(v, dataRoot, data.datasetPaths, data.realJson);
                    if (!Files.isDirectory(spec.root())) {
                        failures++;
                        System.out.printf("%-24s MISSING  expected a folder at %s%n", v.id(), spec.root());
                        continue;
                    }
                    Look look = look(spec);
                    BadSamples listing = new BadSamples();
                    look.source().forEach(s -> { }, listing);
                    int seen = look.count() + listing.count();
                    boolean ok = look.difference().isEmpty() && (v.expectedCount() <= 0 || seen == v.expectedCount());
                    failures += ok ? 0 : 1;
                    status = (ok ? "OK       " : "MISMATCH ") + look.source().layout() + ", "
                            + countLine(v, look.count(), listing.count()) + ", " + look.classes() + " classes, "
                            + look.difference().map(d -> d.summary() + ", ").orElse("")
                            + look.fingerprint().substring(0, 16) + " (" + spec.root() + ")";
                } catch (IOException | RuntimeException e) {
                    failures++;
                    status = "ERROR    " + e.getMessage();
                }
                System.out.printf("%-24s %s%n", v.id(), status);
            }
            System.out.println(failures == 0 ? "lottery: every variant checked matches its declaration"
                    : "lottery: " + failures + " variant(s) missing or differing from their declaration");
            return failures == 0 ? 0 : 1;
        }
    }
}

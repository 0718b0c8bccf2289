package dev.lottery.cli;

import dev.lottery.catalog.Catalog;
import dev.lottery.catalog.Variant;
import dev.lottery.data.BadSample;
import dev.lottery.data.BadSamples;
import dev.lottery.data.DecodeCheck;
import dev.lottery.data.layout.LabelsCsv;
import dev.lottery.data.layout.SplitLook;
import dev.lottery.data.layout.SplitSpec;
import dev.lottery.run.SplitLocator;
import dev.lottery.run.VariantCheck;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
            SplitLook look = SplitLook.of(spec);
            out.println("variant      " + v.id() + " (" + v.description() + ")");
            out.println("root         " + root.toAbsolutePath().normalize());
            out.println("layout       " + look.source().layout() + (v.layout().equals("auto") ? " (detected)" : " (declared)"));
            out.println("images       " + look.countLine(v.expectedCount(), String.valueOf(v.where())));
            out.println("classes      " + look.classes() + " with samples, labels in the sorted-wnid order of "
                    + look.source().classes().size());
            look.difference().ifPresent(d -> out.println("folders      " + d.summary() + ", but " + v.where()
                    + " declares " + d.declared() + "; the rest is reported as read"));
            out.println("scoring      " + (v.scoring() == null ? "none (training split)" : v.scoring().notation()));
            out.println("fingerprint  " + look.fingerprint() + " (quick: relative paths and sizes)");
            if (full) {
                out.println("full         " + look.source().fullFingerprint() + " (content)");
            }
            BadSamples undecodable = new BadSamples();
            if (!noDecode) {
                int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
                int good = DecodeCheck.run(look.source(), n, undecodable);
                out.println("decoded      " + good + " of " + look.count());
            }
            List<BadSample> bad = look.badFiles(undecodable.list());
            out.println("bad files    " + bad.size());
            for (BadSample b : bad) {
                out.println("  " + b.key() + ": " + b.reason());
            }
            if (labels != null) {
                LabelsCsv.write(look.source(), labels);
                out.println("labels       written to " + labels);
            }
            boolean differs = !look.matches(v.expectedCount());
            if (differs) {
                out.println("lottery: " + v.id() + " differs from its declaration (see above); './lottery run "
                        + "--allow-partial' uses such a copy, recorded as partial");
            }
            return differs ? 1 : 0;
        }
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
            int failures = 0;
            for (Variant v : declarations(declarations).values()) {
                if (only != null && !only.contains(v.id())) {
                    continue;
                }
                VariantCheck check = VariantCheck.of(v, data.root(), data.datasetPaths, data.realJson);
                failures += check.ok() ? 0 : 1;
                System.out.println(check.line());
            }
            System.out.println(failures == 0 ? "lottery: every variant checked matches its declaration"
                    : "lottery: " + failures + " variant(s) missing or differing from their declaration");
            return failures == 0 ? 0 : 1;
        }
    }
}

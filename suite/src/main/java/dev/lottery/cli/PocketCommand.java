package dev.lottery.cli;

import dev.lottery.data.pocket.PocketGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The embedded pocket family: regenerating it from its documented inputs (tools/pocket/README.md). */
@Command(name = "pocket", description = "The embedded pocket datasets.",
        subcommands = {picocli.CommandLine.HelpCommand.class, PocketCommand.Generate.class},
        footerHeading = "%nExamples:%n",
        footer = {"  ./lottery pocket generate --mnist DIR --optdigits digits.csv.gz --fonts /usr/share/fonts"})
final class PocketCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "generate", description = "Regenerate datasets/pocket from MNIST, optdigits and fonts.",
            footerHeading = "%nExamples:%n",
            footer = {"  ./lottery pocket generate --mnist ~/mnist --optdigits digits.csv.gz --fonts /usr/share/fonts",
                "  (inputs and their provenance: tools/pocket/README.md)"})
    static final class Generate implements Callable<Integer> {
        @Option(names = "--mnist", required = true, description = "Folder with the four MNIST IDX files.")
        Path mnist;

        @Option(names = "--optdigits", required = true, description = "sklearn's digits.csv.gz (UCI optdigits test set).")
        Path optdigits;

        @Option(names = "--fonts", required = true, description = "Folder searched for .ttf/.otf fonts.")
        Path fonts;

        @Option(names = "--out", defaultValue = "datasets/pocket", description = "Output folder (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--seed", defaultValue = "" + PocketGenerator.DEFAULT_SEED, description = "Generator seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            PocketGenerator.generate(mnist, optdigits, fonts, out, seed);
            System.out.println("lottery: pocket datasets written to " + out + " (inputs, counts and digests in "
                    + out.resolve("provenance.json") + ")");
            return 0;
        }
    }
}

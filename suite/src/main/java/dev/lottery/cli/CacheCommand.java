package dev.lottery.cli;

import dev.lottery.run.CacheInspector;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Looks into the feature and head cache: what each entry was computed from. */
@Command(name = "cache", description = "List the cache's entries, or explain what one was computed from.",
        subcommands = {picocli.CommandLine.HelpCommand.class, CacheCommand.ListEntries.class, CacheCommand.Explain.class},
        footerHeading = "%nExamples:%n",
        footer = {"  ./lottery cache list",
            "  ./lottery cache explain 3f9a0c12"})
final class CacheCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static Path cacheDir(Path given) {
        return given != null ? given : dev.lottery.run.RunOptions.defaults(Main.home()).cacheDir();
    }

    @Command(name = "list", description = "One line per cache entry: kind, size, key (16 digits) and what it was computed from.",
            footerHeading = "%nExamples:%n",
            footer = {"  ./lottery cache list", "  ./lottery cache list --cache /shared/lottery-cache"})
    static final class ListEntries implements Runnable {

        @Option(names = "--cache", description = "The cache folder (default: <home>/.cache).")
        Path cache;

        @Override
        public void run() {
            CacheInspector.listing(cacheDir(cache)).forEach(System.out::println);
        }
    }

    @Command(name = "explain", description = {"Print an entry's provenance: the record whose SHA-256 is its key",
        "(backbone, engine, data fingerprint, preprocessing; for heads also routine, seed, numeric environment)."},
            footerHeading = "%nExamples:%n",
            footer = {"  ./lottery cache explain 3f9a0c12                  a key, or a unique prefix of one",
                "  ./lottery cache explain .cache/heads/3f/3f9a0c12...bin"})
    static final class Explain implements Runnable {

        @Option(names = "--cache", description = "The cache folder (default: <home>/.cache).")
        Path cache;

        @Parameters(index = "0", paramLabel = "KEY-or-PATH", description = "A key (6 or more hex digits) or an entry's file.")
        String entry;

        @Override
        public void run() {
            System.out.print(CacheInspector.explain(cacheDir(cache), entry));
        }
    }
}

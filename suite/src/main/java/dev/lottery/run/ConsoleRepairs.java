package dev.lottery.run;

import dev.lottery.features.ContentStore;
import java.io.PrintStream;
import java.util.List;

/** Prints the store's repairs and cleanups on the console as they happen, not only in the report's notes. */
final class ConsoleRepairs {
    private final ContentStore store;
    private final PrintStream log;
    private int printed;

    ConsoleRepairs(ContentStore store, PrintStream log) {
        this.store = store;
        this.log = log;
    }

    /** Prints the lines not printed yet. */
    void print() {
        List<String> all = store.problems();
        for (String line : all.subList(printed, all.size())) {
            log.println("  cache: " + line);
        }
        printed = all.size();
    }
}

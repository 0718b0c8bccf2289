package dev.lottery.catalog;

import java.nio.file.Path;

/** A place in a declaration file, for error messages: {@code suite/catalog/routines.csv:7}. */
public record Where(Path file, long line) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file.toString();
    }
}

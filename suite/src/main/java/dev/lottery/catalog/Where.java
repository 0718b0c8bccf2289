package dev.lottery.catalog;

import java.nio.file.Path;

/** A place in a declaration file, for error messages: {@code suite/catalog/routines.csv:7}. */
public record Where(Path file, long line) {

    /**
     * The Java code that declared something with a builder: the first caller outside this package
     * ({@code RunnerTest.java:45}), so an error in a suite built in Java names its line as one read from
     * a file does.
     */
    public static Where inJava() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().startsWith(Where.class.getPackageName() + "."))
                .findFirst()
                .map(f -> new Where(Path.of(f.getFileName() == null ? f.getClassName() : f.getFileName()),
                        f.getLineNumber()))
                .orElse(new Where(Path.of("(java)"), 0)));
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file.toString();
    }
}

package dev.lottery.report;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One file of a run's report folder: its name and how it is rendered from the run, as JMH's
 * {@code ResultFormatType} is one output format. {@link ReportWriter} writes a list of these, so a
 * new output is one more entry, not a change to the writer.
 *
 * @param fileName   the file's name inside the run folder, e.g. {@code results.json}
 * @param writtenFor which runs get this file (e.g. predictions only when there are any)
 * @param render     the file's whole text for a run
 */
public record ResultFormat(String fileName, Predicate<RunResult> writtenFor, Function<RunResult, String> render) {

    public ResultFormat {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(writtenFor, "writtenFor");
        Objects.requireNonNull(render, "render");
    }

    /** A file every run gets. */
    public ResultFormat(String fileName, Function<RunResult, String> render) {
        this(fileName, run -> true, render);
    }
}

package dev.lottery.report;

import dev.lottery.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import dev.lottery.features.TempOwner;

/**
 * Writes a run's folder {@code reports/<run-id>/} and refreshes {@code reports/latest/}. The folder
 * is assembled under a hidden temp name and renamed when complete, so a reader never sees half a run.
 * Run ids are unique within a reports folder, also for concurrent runs.
 */
public final class ReportWriter {

    public static final String RESULTS_JSON = "results.json";
    public static final String RESULTS_CSV = "results.csv";
    public static final String REPORT_MD = "report.md";
    public static final String ENVIRONMENT_JSON = "environment.json";
    public static final String ANALYSIS_JSON = "analysis.json";
    public static final String REPORT_HTML = "report.html";
    public static final String RUN_JSON = "run.json";
    public static final String PREDICTIONS_JSON = "predictions.json";

    /** The files of a run folder, in the order they are written. */
    public static final List<ResultFormat> FORMATS = List.of(
            new ResultFormat(RESULTS_JSON, ResultsJson::render),
            new ResultFormat(RESULTS_CSV, ResultsCsv::render),
            new ResultFormat(REPORT_MD, MarkdownReport::render),
            new ResultFormat(REPORT_HTML, HtmlReport::render),
            new ResultFormat(ANALYSIS_JSON, AnalysisJson::render),
            new ResultFormat(ENVIRONMENT_JSON, run -> ResultsJson.json(run.environment())),
            new ResultFormat(RUN_JSON, StoredRun::runJson),
            new ResultFormat(PREDICTIONS_JSON, run -> !run.analysis().predictions().isEmpty(),
                    run -> PredictionsJson.render(run.analysis().predictions())));

    private ReportWriter() {}

    /**
     * Writes every report of {@code run} and returns the run's folder. The run id is claimed by
     * creating its folder, so two runs of one second into one folder get distinct ids (the later
     * one {@code <id>-2}, ...); {@code latest/} is swapped in whole, never assembled in place, so it
     * is always one complete run. Folders left by writers that died (a full disk, a kill) are removed.
     */
    public static Path write(RunResult run, Path reportsDir) throws IOException {
        return write(run, reportsDir, FORMATS);
    }

    /** As {@link #write(RunResult, Path)}, with the run folder holding {@code formats}' files. */
    public static Path write(RunResult run, Path reportsDir, List<ResultFormat> formats) throws IOException {
        Files.createDirectories(reportsDir);
        removeLeftovers(reportsDir);
        TempOwner owner = TempOwner.current();
        RunResult claimed = claim(run, reportsDir);
        Path runDir = reportsDir.resolve(claimed.runId());
        Path partial = reportsDir.resolve("." + claimed.runId() + owner.tag() + "partial");
        try {
            Files.createDirectories(partial);
            for (ResultFormat format : formats) {
                if (format.writtenFor().test(claimed)) {
                    writeFile(partial.resolve(format.fileName()), format.render().apply(claimed));
                }
            }
            // replaces the empty folder that claimed the id
            AtomicFiles.publish(partial, runDir);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteTree(partial);
            Files.deleteIfExists(runDir);
            throw new IOException("writing the reports of run " + claimed.runId() + " into " + reportsDir, e);
        }
        replaceLatest(runDir, reportsDir, owner);
        return runDir;
    }

    /** Writes one report file; a failure (a full disk) names the file. */
    private static void writeFile(Path file, String text) throws IOException {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new IOException("cannot write " + file, e);
        }
    }

    /** The run with an id no other run in {@code reportsDir} has: its folder is created (empty) as the claim. */
    private static RunResult claim(RunResult run, Path reportsDir) throws IOException {
        for (int n = 1; ; n++) {
            String id = n == 1 ? run.runId() : run.runId() + "-" + n;
            try {
                Files.createDirectory(reportsDir.resolve(id));
                return run.withRunId(id);
            } catch (FileAlreadyExistsException e) {
                // taken by an earlier or concurrent run: try the next suffix
            }
        }
    }

    /** Copies the run to a private folder and swaps it in as latest/, retrying if a concurrent writer swaps first. */
    private static void replaceLatest(Path runDir, Path reportsDir, TempOwner owner) throws IOException {
        String unique = owner.tag() + Long.toHexString(System.nanoTime());
        Path fresh = reportsDir.resolve(".latest" + unique + ".partial");
        Path old = reportsDir.resolve(".latest" + unique + ".old");
        Path latest = reportsDir.resolve("latest");
        try {
            AtomicFiles.copyTree(runDir, fresh);
            for (int attempt = 0; ; attempt++) {
                try {
                    AtomicFiles.publish(latest, old);
                } catch (NoSuchFileException e) {
                    // no latest yet, or a concurrent writer moved it away
                }
                try {
                    AtomicFiles.rename(fresh, latest);
                    return;
                } catch (FileSystemException e) {
                    // a concurrent writer put its latest in between; move that aside too
                    if (attempt >= 50 || e instanceof java.nio.file.AtomicMoveNotSupportedException) {
                        throw e;
                    }
                } finally {
                    AtomicFiles.deleteTree(old);
                }
            }
        } finally {
            AtomicFiles.deleteTree(fresh);
        }
    }

    /** Removes hidden {@code .*.partial} / {@code .*.old} folders whose writer is gone (see {@link TempOwner#isStale}). */
    private static void removeLeftovers(Path reportsDir) throws IOException {
        try (Stream<Path> list = Files.list(reportsDir)) {
            for (Path p : list.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && (name.endsWith(".partial") || name.endsWith(".old"))
                        && Files.isDirectory(p) && TempOwner.isStale(p)) {
                    AtomicFiles.deleteTree(p);
                }
            }
        }
    }
}

package dev.lottery.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a run's folder {@code reports/<run-id>/} and refreshes {@code reports/latest/}. The folder
 * is assembled under a hidden temp name and renamed when complete, so a reader never sees half a run.
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

    private ReportWriter() {}

    /** Writes every report of {@code run} and returns the run's folder. */
    public static Path write(RunResult run, Path reportsDir) throws IOException {
        Files.createDirectories(reportsDir);
        Path partial = reportsDir.resolve("." + run.runId() + ".partial");
        AtomicFiles.deleteTree(partial);
        Files.createDirectories(partial);
        Files.writeString(partial.resolve(RESULTS_JSON), ResultsJson.render(run));
        Files.writeString(partial.resolve(RESULTS_CSV), ResultsCsv.render(run));
        Files.writeString(partial.resolve(REPORT_MD), MarkdownReport.render(run));
        Files.writeString(partial.resolve(REPORT_HTML), HtmlReport.render(run));
        Files.writeString(partial.resolve(ANALYSIS_JSON), AnalysisJson.render(run));
        Files.writeString(partial.resolve(ENVIRONMENT_JSON), ResultsJson.json(run.environment()));
        Files.writeString(partial.resolve(RUN_JSON), StoredRun.runJson(run));
        if (!run.analysis().predictions().isEmpty()) {
            Files.writeString(partial.resolve(PREDICTIONS_JSON), PredictionsJson.render(run.analysis().predictions()));
        }
        Path runDir = reportsDir.resolve(run.runId());
        AtomicFiles.deleteTree(runDir);
        AtomicFiles.move(partial, runDir);

        Path latestPartial = reportsDir.resolve(".latest.partial");
        AtomicFiles.deleteTree(latestPartial);
        AtomicFiles.copyTree(runDir, latestPartial);
        Path latest = reportsDir.resolve("latest");
        AtomicFiles.deleteTree(latest);
        AtomicFiles.move(latestPartial, latest);
        return runDir;
    }
}

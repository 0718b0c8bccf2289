package dev.lottery.catalog;

/**
 * One row of {@code expected-results/<suite>.csv}. {@code expected} is null for a record-only
 * row: the fixture is run and reported as recorded, never as a pass.
 */
public record ExpectationDecl(
        String framework, String variant, String metric, Double expected, double tolerance, String source,
        Where where) {

    public boolean recordOnly() {
        return expected == null;
    }
}

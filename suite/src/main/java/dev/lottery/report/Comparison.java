package dev.lottery.report;

import java.util.List;

/**
 * A run compared with a baseline run: per fixture drift, and the environment differences between
 * the two runs (each line {@code "key: baseline -> current"}).
 */
public record Comparison(
        String currentRunId,
        String baselineRunId,
        String currentDir,
        String baselineDir,
        List<FixtureDrift> fixtures,
        List<String> environmentDifferences) {

    public Comparison {
        fixtures = List.copyOf(fixtures);
        environmentDifferences = List.copyOf(environmentDifferences);
    }

    public long driftCount() {
        return fixtures.stream().filter(FixtureDrift::drifted).count();
    }

    /** 0 without drift, 1 with any. */
    public int exitCode() {
        return driftCount() > 0 ? 1 : 0;
    }
}

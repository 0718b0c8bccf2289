package dev.lottery.report;

/** One seed's head scored on one variant: the raw measurement behind a fixture's score. */
public record SeedResult(
        long seed, double accuracy, long correct, long scored, long excluded, double lower, double upper,
        String headKey, boolean headFromCache) {}

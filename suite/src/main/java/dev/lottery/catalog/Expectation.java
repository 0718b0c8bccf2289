package dev.lottery.catalog;

import dev.lottery.analysis.NoiseModel;

/**
 * One row of {@code expected-results/<suite>.csv} (its {@code protocol} column: {@code center} when absent). {@code expected} is null for a record-only
 * row: the fixture is run and reported as recorded, never as a pass. {@code noise} is what the
 * row declares the check allows for (its seed spread, the expected value's own uncertainty, the
 * numeric sensitivity, a systematic allowance).
 */
public record Expectation(
        String framework, String variant, Protocol protocol, String metric, Double expected, NoiseModel noise,
        String source,
        Where where) {

    public boolean recordOnly() {
        return expected == null;
    }

    /** The declared systematic allowance, pp (the whole tolerance of a fixed-band row). */
    public double allowance() {
        return noise.allowance();
    }

    /** An expected value with its noise model (a declared band: {@link NoiseModel#band}). */
    public static Expectation of(String framework, String variant, String metric, double expected, NoiseModel noise,
            String source) {
        return new Expectation(framework, variant, Protocol.CENTER, metric, expected, noise, source, Where.inJava());
    }

    /** A fixture that is run and reported, never checked. */
    public static Expectation recordOnly(String framework, String variant, Protocol protocol, String metric,
            String source, Where where) {
        return new Expectation(framework, variant, protocol, metric, null, NoiseModel.band(0), source, where);
    }

    /** The same expectation for the fixture under {@code p}. */
    public Expectation under(Protocol p) {
        return new Expectation(framework, variant, p, metric, expected, noise, source, where);
    }

    /** The fixture it is for: {@code row/variant}, the row being the framework under its protocol. */
    public String fixtureId() {
        return protocol.row(framework) + "/" + variant;
    }
}

package dev.lottery.catalog;

/** One (framework, variant) pair of a suite, with its expectation: the unit a run checks. */
public record Fixture(Framework framework, Variant variant, Expectation expectation) {
    public String id() {
        return framework.id() + "/" + variant.id();
    }
}

package dev.lottery.catalog;

/**
 * One (framework, variant) pair of a suite under one protocol, with its expectation: the unit a run
 * checks. Its row is the framework under the protocol ({@link Protocol#row}).
 */
public record Fixture(Framework framework, Variant variant, Protocol protocol, Expectation expectation) {

    /** A fixture of the default protocol, {@code center}. */
    public Fixture(Framework framework, Variant variant, Expectation expectation) {
        this(framework, variant, Protocol.CENTER, expectation);
    }

    /** {@code row/variant}: {@code pixels/val}, {@code zoo-dino@augmented/val}. */
    public String id() {
        return row() + "/" + variant.id();
    }

    /** The framework's id under this fixture's protocol, as tables and reports name the row. */
    public String row() {
        return protocol.row(framework.id());
    }
}

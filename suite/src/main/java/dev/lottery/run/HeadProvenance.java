package dev.lottery.run;

import dev.lottery.features.Provenance;
import dev.lottery.probe.LinearProbe;
import dev.lottery.probe.Routine;

/**
 * What one seed's linear head is computed from; its hash is the head's cache key. The routine is
 * recorded whole (every field, so a new one enters the key by itself), and the numeric environment
 * (device, oneDNN ISA, engine and its thread pools): bit-identity is promised only within one.
 *
 * @param format             the store format of head entries
 * @param probe              the training code's version
 * @param numericEnvironment {@code NumericEnvironment.key()}
 */
public record HeadProvenance(String format, String probe, FeaturesProvenance features, Routine routine, long seed,
        int classes, String numericEnvironment) implements Provenance {

    static final String FORMAT = "head-1";
    static final String KIND = "heads";

    /** The one place a head provenance is built. */
    static HeadProvenance of(FeaturesProvenance train, Routine routine, long seed, int classes, String numericKey) {
        return new HeadProvenance(FORMAT, LinearProbe.VERSION, train, routine, seed, classes, numericKey);
    }

    @Override
    public String kind() {
        return KIND;
    }
}

package dev.lottery.run;

import java.util.List;
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
 * @param protocol           null for {@code center} (so its keys are what they were), else the protocol's id
 * @param features           the training features (center), or for {@code augmented} what every epoch's are
 *                           drawn as (its augmentation's stream -1: each epoch its own)
 * @param views              for {@code views-K}: the K views' features (then {@code features} is null)
 * @param epochRule          null for the last epoch (the default), else the rule and the variant it selects on
 */
public record HeadProvenance(String format, String probe, FeaturesProvenance features, Routine routine, long seed,
        int classes, String numericEnvironment, String protocol, List<FeaturesProvenance> views, String epochRule)
        implements Provenance {

    static final String FORMAT = "head-1";
    static final String KIND = "heads";

    /** The one place a head provenance is built. */
    static HeadProvenance of(FeaturesProvenance train, Routine routine, long seed, int classes, String numericKey) {
        return new HeadProvenance(FORMAT, LinearProbe.VERSION, train, routine, seed, classes, numericKey, null, null, null);
    }

    /** A head of the {@code views-K} protocol. */
    static HeadProvenance ofViews(String protocol, List<FeaturesProvenance> views, Routine routine, long seed,
            int classes, String numericKey) {
        return new HeadProvenance(FORMAT, LinearProbe.VERSION, null, routine, seed, classes, numericKey, protocol,
                List.copyOf(views), null);
    }

    /** A head of the {@code augmented} protocol, {@code drawn} naming how each epoch's features are drawn. */
    static HeadProvenance ofAugmented(FeaturesProvenance drawn, Routine routine, long seed, int classes,
            String numericKey) {
        return new HeadProvenance(FORMAT, LinearProbe.VERSION, drawn, routine, seed, classes, numericKey, "augmented",
                null, null);
    }

    /** The same head reported by another epoch rule ({@code rule}: e.g. {@code best-val:val:top1}; null = last). */
    HeadProvenance withEpochRule(String rule) {
        return new HeadProvenance(format, probe, features, routine, seed, classes, numericEnvironment, protocol, views,
                rule);
    }

    @Override
    public String kind() {
        return KIND;
    }
}

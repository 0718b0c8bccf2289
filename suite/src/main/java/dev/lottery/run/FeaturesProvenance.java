package dev.lottery.run;

import dev.lottery.data.Preprocessing;
import dev.lottery.data.Preprocessor;
import dev.lottery.features.Provenance;

/**
 * What a split's features are computed from; its hash is the features' cache key.
 *
 * @param format       the store format of feature entries (bump when extraction changes in a way no other field says)
 * @param preprocessor the decode and preprocessing code's version; {@code preprocessing} its declared settings
 * @param tap          where in the backbone the features are taken
 */
public record FeaturesProvenance(String format, BackboneIdentity backbone, EngineIdentity engine,
        DatasetIdentity dataset, Preprocessing preprocessing, String preprocessor, String tap) implements Provenance {

    static final String FORMAT = "features-2";
    static final String TAP = "global-average-pool";

    /** The one place a features provenance is built. */
    static FeaturesProvenance of(FeatureOrigin origin, DatasetIdentity dataset, Preprocessing prep) {
        return new FeaturesProvenance(FORMAT, origin.backbone(), origin.engine(), dataset, prep, Preprocessor.VERSION,
                TAP);
    }

    @Override
    public String kind() {
        return FeatureStage.KIND;
    }
}

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
 * @param augmentation the seeded train transform the images went through; null (left out of the key) for none
 */
public record FeaturesProvenance(String format, BackboneIdentity backbone, EngineIdentity engine,
        DatasetIdentity dataset, Preprocessing preprocessing, String preprocessor, String tap, Augmentation augmentation)
        implements Provenance {

    static final String FORMAT = "features-2";
    static final String TAP = "global-average-pool";

    /** The one place a features provenance is built. */
    static FeaturesProvenance of(FeatureOrigin origin, DatasetIdentity dataset, Preprocessing prep) {
        return of(origin, dataset, prep, null);
    }

    /** The features of a seeded train-time draw ({@code augmentation}; null = the test-time preprocessing). */
    static FeaturesProvenance of(FeatureOrigin origin, DatasetIdentity dataset, Preprocessing prep,
            Augmentation augmentation) {
        return new FeaturesProvenance(FORMAT, origin.backbone(), origin.engine(), dataset, prep, Preprocessor.VERSION,
                TAP, augmentation);
    }

    @Override
    public String kind() {
        return FeatureStage.KIND;
    }
}

package dev.lottery.run;

import dev.lottery.catalog.Suite;
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
 * @param batch        images per backbone call when not {@value Suite#DEFAULT_EXTRACTION_BATCH}; null (left out
 *                     of the key, so entries from before the field keep theirs) for that default. A batch shape
 *                     may select other kernels on some CPU, so features of two batch sizes are never mixed
 */
public record FeaturesProvenance(String format, BackboneIdentity backbone, EngineIdentity engine,
        DatasetIdentity dataset, Preprocessing preprocessing, String preprocessor, String tap, Augmentation augmentation,
        Integer batch)
        implements Provenance {

    static final String FORMAT = "features-2";
    static final String TAP = "global-average-pool";

    /** The one place a features provenance is built: test-time features extracted {@code batch} images at a time. */
    static FeaturesProvenance of(FeatureOrigin origin, DatasetIdentity dataset, Preprocessing prep, int batch) {
        return of(origin, dataset, prep, null, batch);
    }

    /** The features of a seeded train-time draw ({@code augmentation}; null = the test-time preprocessing). */
    static FeaturesProvenance of(FeatureOrigin origin, DatasetIdentity dataset, Preprocessing prep,
            Augmentation augmentation, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("an extraction batch holds at least one image, got " + batch);
        }
        return new FeaturesProvenance(FORMAT, origin.backbone(), origin.engine(), dataset, prep, Preprocessor.VERSION,
                TAP, augmentation, batch == Suite.DEFAULT_EXTRACTION_BATCH ? null : batch);
    }

    /** Images per backbone call these features were (or are to be) extracted with. */
    int extractionBatch() {
        return batch == null ? Suite.DEFAULT_EXTRACTION_BATCH : batch;
    }

    @Override
    public String kind() {
        return FeatureStage.KIND;
    }
}

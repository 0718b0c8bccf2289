package dev.lottery.run;

import dev.lottery.data.BadSample;
import dev.lottery.features.FeatureRows;
import java.util.List;

/**
 * The frozen features of one split under one backbone, with the labels in the same row order. The
 * features are chunked rows, mapped from the store: a split may exceed one Java array.
 *
 * @param provenance what the features were computed from (its hash is their key)
 * @param seen       samples found in the split (delivered + bad): what the declaration's count is checked against
 * @param badSamples      the skipped samples, named with their split
 * @param fingerprint     the split's quick fingerprint (relative paths and sizes)
 * @param layout          the split's layout as opened (declared or detected)
 * @param fullFingerprint content fingerprint, or null when not asked for
 * @param partial         how a partial copy differs from its declaration (e.g. "partial: 5 of 1000 class
 *                        folders"), empty for a complete one
 */
record FeatureSet(FeaturesProvenance provenance, FeatureRows features, int[][] labels, int seen, List<BadSample> badSamples,
        String fingerprint, List<String> classes, boolean fromCache, String layout, String fullFingerprint,
        String partial) {

    FeatureSet(FeaturesProvenance provenance, FeatureRows features, int[][] labels, int seen, List<BadSample> badSamples,
            String fingerprint, List<String> classes, boolean fromCache, String layout, String fullFingerprint) {
        this(provenance, features, labels, seen, badSamples, fingerprint, classes, fromCache, layout, fullFingerprint, "");
    }

    /** The features' cache key: their provenance's hash. */
    String key() {
        return provenance.key();
    }

    FeatureSet withPartial(String description) {
        return new FeatureSet(provenance, features, labels, seen, badSamples, fingerprint, classes, fromCache, layout,
                fullFingerprint, description);
    }
}

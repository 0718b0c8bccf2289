package dev.lottery.run;

/**
 * A split's data as its features depend on it: the content fingerprint when the run computed it
 * ({@code --full-fingerprint}), else the quick one; the kind says which.
 */
public record DatasetIdentity(String fingerprintKind, String fingerprint) {

    static DatasetIdentity of(FeatureStage.Opened split) {
        return split.full() != null ? new DatasetIdentity("content", split.full())
                : new DatasetIdentity("quick", split.quick());
    }
}

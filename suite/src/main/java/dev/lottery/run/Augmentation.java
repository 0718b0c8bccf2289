package dev.lottery.run;

import dev.lottery.data.AugmentedTransform;
import dev.lottery.data.ImageTransform;
import dev.lottery.data.Preprocessing;
import dev.lottery.data.Preprocessor;
import dev.lottery.data.TrainTransform;

/**
 * One seeded draw of a routine's train transform over a split (a view of views-K, an epoch of
 * augmented), as the features' provenance records it: absent for test-time features, so their keys are
 * what they were.
 *
 * @param transform the train transform's canonical text ({@link TrainTransform#canonical})
 * @param size      the crop's side (the test-time crop; 0 = each image's own shorter side)
 * @param rng       how boxes are drawn per image ({@link AugmentedTransform#RNG})
 * @param seed      the view seed (views-K) or the head seed (augmented)
 * @param stream    the view index or the epoch
 */
public record Augmentation(String transform, int size, String rng, long seed, long stream) {

    /** The draw {@code (seed, stream)} of {@code t} at the test-time input side of {@code prep}. */
    static Augmentation of(TrainTransform t, Preprocessing prep, long seed, long stream) {
        return new Augmentation(t.canonical(), prep.crop(), AugmentedTransform.RNG, seed, stream);
    }

    /** What the decode workers run: {@code t} cropped at this size, normalised as {@code prep}, seeded per image. */
    static ImageTransform transform(Augmentation a, TrainTransform t, Preprocessing prep) {
        return a == null ? new Preprocessor(prep) : new AugmentedTransform(prep, t, a.size(), a.seed(), a.stream());
    }
}

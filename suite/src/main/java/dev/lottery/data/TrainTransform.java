package dev.lottery.data;

/**
 * A routine's declared train transform (PROTOCOLS.md section 3: RandomResizedCrop + horizontal flip),
 * without its size: the crop is as large as the test-time input ({@link #at}).
 *
 * @param source where the routine's official script declares it
 */
public record TrainTransform(double scaleMin, double scaleMax, double ratioMin, double ratioMax, String interpolation,
        double flipProbability, String source) {

    public TrainTransform {
        new RandomResizedCrop(1, scaleMin, scaleMax, ratioMin, ratioMax, interpolation, flipProbability); // validates
    }

    /** torchvision's RandomResizedCrop defaults and a 0.5 flip, bilinear unless {@code interpolation}. */
    public static TrainTransform standard(String interpolation, String source) {
        return new TrainTransform(0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0, interpolation, 0.5, source);
    }

    /** The crop at output side {@code size}. */
    public RandomResizedCrop at(int size) {
        return new RandomResizedCrop(size, scaleMin, scaleMax, ratioMin, ratioMax, interpolation, flipProbability);
    }

    /** The canonical text (a cache key and the reports name the transform by it). */
    public String canonical() {
        return "random-resized-crop(scale=" + scaleMin + ".." + scaleMax + ",ratio=" + ratioMin + ".." + ratioMax
                + "," + interpolation + ")+hflip(" + flipProbability + ")";
    }
}

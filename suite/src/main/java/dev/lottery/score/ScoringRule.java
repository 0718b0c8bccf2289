package dev.lottery.score;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How one variant turns a row of logits and a sample's labels into "correct" or "not correct"
 * (PROTOCOLS.md §4). The declaration notation is {@code top1}, {@code real},
 * {@code subset:<class indices separated by spaces>} or {@code restricted:<class indices>};
 * {@link #parse} reads it and {@link #notation()} writes it back.
 */
public sealed interface ScoringRule {

    /** Argmax over all classes; each sample has exactly one label. */
    record Top1() implements ScoringRule {
        @Override
        public String notation() {
            return "top1";
        }

        @Override
        public String metric() {
            return "top1";
        }

        @Override
        public int[] predictions(float[] logits, int numClasses) {
            return Scorer.argmaxRows(logits, numClasses, null);
        }

        @Override
        public ScoredImages scoreImages(float[] logits, int numClasses, int[][] labels) {
            return Scorer.oneLabelEach(logits, numClasses, labels, "top1", null);
        }
    }

    /**
     * ImageNet ReaL: correct if the argmax over all classes is in the sample's label set. A sample
     * with an empty set is excluded from numerator and denominator and counted as excluded.
     */
    record LabelSets() implements ScoringRule {
        @Override
        public String notation() {
            return "real";
        }

        @Override
        public String metric() {
            return "real-top1";
        }

        @Override
        public int[] predictions(float[] logits, int numClasses) {
            return Scorer.argmaxRows(logits, numClasses, null);
        }

        @Override
        public ScoredImages scoreImages(float[] logits, int numClasses, int[][] labels) {
            return Scorer.labelSets(logits, numClasses, labels);
        }
    }

    /**
     * Only the subset's logits compete (ImageNet-R and -A: 200 of the 1000 classes). Each sample
     * has exactly one label, which must be in the subset. Predictions stay in the full class index
     * space. The classes are kept sorted ascending, so ties go to the lowest class index exactly as
     * for the other rules.
     */
    record ClassSubset(int[] classes) implements ScoringRule {

        public ClassSubset {
            if (classes == null || classes.length == 0) {
                throw new IllegalArgumentException("a class subset needs at least one class index, found none");
            }
            classes = classes.clone();
            Arrays.sort(classes);
            if (classes[0] < 0) {
                throw new IllegalArgumentException("class indices must be >= 0, found " + classes[0]);
            }
            for (int i = 1; i < classes.length; i++) {
                if (classes[i] == classes[i - 1]) {
                    throw new IllegalArgumentException("class index " + classes[i] + " is listed twice in the subset");
                }
            }
        }

        /** A copy of the subset's class indices, ascending. */
        @Override
        public int[] classes() {
            return classes.clone();
        }

        int size() {
            return classes.length;
        }

        int classAt(int position) {
            return classes[position];
        }

        boolean contains(int classIndex) {
            return Arrays.binarySearch(classes, classIndex) >= 0;
        }

        int largest() {
            return classes[classes.length - 1];
        }

        @Override
        public String notation() {
            return "subset:" + Arrays.stream(classes).mapToObj(Integer::toString).collect(Collectors.joining(" "));
        }

        @Override
        public String metric() {
            return "subset-top1";
        }

        /** The split holds only the subset's classes (ImageNet-R, -A), so its labels are limited to them. */
        @Override
        public int[] splitClasses() {
            return classes();
        }

        @Override
        public int[] predictions(float[] logits, int numClasses) {
            if (largest() >= numClasses) {
                Scorer.checkShape(logits, numClasses);
                throw new IllegalArgumentException("class subset lists class " + largest()
                        + " but the logits have only " + numClasses + " classes");
            }
            return Scorer.argmaxRows(logits, numClasses, this);
        }

        @Override
        public ScoredImages scoreImages(float[] logits, int numClasses, int[][] labels) {
            return Scorer.oneLabelEach(logits, numClasses, labels, "subset", this);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ClassSubset s && Arrays.equals(s.classes, classes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(classes);
        }

        @Override
        public String toString() {
            return "ClassSubset[" + classes.length + " classes]";
        }
    }

    /**
     * A full-label-space split scored on a class subset: only the samples whose label is in the
     * subset count (the others are excluded from numerator and denominator, and counted as
     * excluded), and only the subset's logits compete. This is "IN val restricted to R's 200
     * classes" (PROTOCOLS.md §4, §5: 92.15 for the torchvision ResNet-50), the in-distribution
     * control that tells a drop on ImageNet-R apart from a drop on R's classes.
     */
    record RestrictedSubset(ClassSubset subset) implements ScoringRule {

        public RestrictedSubset {
            if (subset == null) {
                throw new IllegalArgumentException("a restricted rule needs a class subset, found none");
            }
        }

        @Override
        public String notation() {
            return "restricted:" + subset.notation().substring("subset:".length());
        }

        @Override
        public String metric() {
            return "restricted-top1";
        }

        @Override
        public int[] predictions(float[] logits, int numClasses) {
            return subset.predictions(logits, numClasses);
        }

        @Override
        public ScoredImages scoreImages(float[] logits, int numClasses, int[][] labels) {
            return Scorer.restricted(logits, numClasses, labels, subset);
        }
    }

    /** The declaration text of this rule; {@code parse(r.notation(), where)} gives {@code r} back. */
    String notation();

    /** The metric name expectations use for a variant scored with this rule, e.g. {@code real-top1}. */
    String metric();

    /**
     * The classes a split scored with this rule holds (every label lies in them), ascending; null
     * for a split over the full label space. Only a {@link ClassSubset} limits its split: a
     * {@link RestrictedSubset} scores a full-label-space split on a subset.
     */
    default int[] splitClasses() {
        return null;
    }

    /**
     * The predicted class of every row of row-major {@code [n][numClasses]} logits, in the full
     * class index space; see {@link Scorer#predictions}.
     */
    int[] predictions(float[] logits, int numClasses);

    /** One bit per scored sample plus the score; see {@link Scorer#scoreImages}. */
    ScoredImages scoreImages(float[] logits, int numClasses, int[][] labels);

    /**
     * Reads a rule from its declaration notation.
     *
     * @param text  {@code top1}, {@code real}, {@code subset:0 2 3 4} or {@code restricted:0 2 3 4}
     *              (surrounding blanks ignored)
     * @param where the place the text came from, e.g. {@code variants.csv:7}, named in errors
     */
    static ScoringRule parse(String text, String where) {
        String t = text == null ? "" : text.strip();
        if (t.equals("top1")) {
            return new Top1();
        }
        if (t.equals("real")) {
            return new LabelSets();
        }
        if (t.startsWith("subset:")) {
            return classSubset(t.substring("subset:".length()), "subset:", where);
        }
        if (t.startsWith("restricted:")) {
            return new RestrictedSubset(classSubset(t.substring("restricted:".length()), "restricted:", where));
        }
        throw new IllegalArgumentException(where + ": expected a scoring rule 'top1', 'real', "
                + "'subset:<class indices separated by spaces>' or 'restricted:<class indices>', found '" + t + "'");
    }

    private static ClassSubset classSubset(String listText, String prefix, String where) {
        String list = listText.strip();
        if (list.isEmpty()) {
            throw new IllegalArgumentException(where + ": expected class indices after '" + prefix + "', found none");
        }
        String[] parts = list.split("\\s+");
        int[] classes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                classes[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": expected a class index (integer >= 0) in '" + prefix
                        + "', found '" + parts[i] + "' at position " + (i + 1));
            }
        }
        try {
            return new ClassSubset(classes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }
}

package dev.lottery.score;

/**
 * Scores logits against labels with a {@link ScoringRule}.
 *
 * <p>Logits are row-major {@code [n][numClasses]}. The prediction of a row is the index of its
 * largest logit; among equal largest logits the lowest class index wins, as {@code numpy.argmax}
 * and {@code torch.argmax} ("the first maximal value") do. A NaN logit among the competing ones
 * is an error naming the sample: a diverged head must not receive a score.
 */
public final class Scorer {

    private Scorer() {
    }

    /**
     * The predicted class of every row, in the full class index space (for a
     * {@link ScoringRule.ClassSubset} the argmax over the subset's logits, reported as the class
     * index, not the position in the subset).
     */
    public static int[] predictions(float[] logits, int numClasses, ScoringRule rule) {
        return rule.predictions(logits, numClasses);
    }

    /**
     * Scores {@code n = labels.length} samples.
     *
     * @param labels per sample: exactly one label for {@code top1} and {@code subset}; a label set,
     *               possibly empty, for {@code real}
     * @throws IllegalArgumentException naming the sample for a label out of range, a missing or
     *                                  extra label, a label outside the subset, a NaN logit, or
     *                                  when no sample is left to score
     */
    public static Score score(float[] logits, int numClasses, int[][] labels, ScoringRule rule) {
        return scoreImages(logits, numClasses, labels, rule).score();
    }

    /**
     * As {@link #score}, with the per-image outcome: one bit per scored sample, in sample order,
     * excluded samples (ReaL's empty label sets, a restricted rule's other classes) taking no bit.
     * Which samples are excluded depends on the labels and the rule only, never on the head, so two
     * heads scored on the same split have bits for the same images in the same order.
     */
    public static ScoredImages scoreImages(float[] logits, int numClasses, int[][] labels, ScoringRule rule) {
        return rule.scoreImages(logits, numClasses, labels);
    }

    /**
     * Scores only the samples whose label is in {@code subset}, with the subset's argmax; the
     * others are counted as excluded. This is "IN val restricted to R's 200 classes"
     * (PROTOCOLS.md §4): same images as the variant's classes, same competing logits.
     */
    public static Score scoreRestricted(float[] logits, int numClasses, int[][] labels, ScoringRule.ClassSubset subset) {
        return restricted(logits, numClasses, labels, subset).score();
    }

    // The shared mechanics the rules' own methods (ScoringRule) are built from.

    static void checkShape(float[] logits, int numClasses) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException("expected numClasses >= 1, found " + numClasses);
        }
        if (logits.length % numClasses != 0) {
            throw new IllegalArgumentException("expected a multiple of numClasses = " + numClasses
                    + " logits (row-major [n][numClasses]), found " + logits.length);
        }
    }

    /** The argmax of every row over all classes ({@code competing} null) or over the subset's. */
    static int[] argmaxRows(float[] logits, int numClasses, ScoringRule.ClassSubset competing) {
        checkShape(logits, numClasses);
        int n = logits.length / numClasses;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = argmax(logits, i, numClasses, competing);
        }
        return out;
    }

    /** One label per sample, correct when the rule's prediction equals it; {@code subset} (or null) limits the labels. */
    static ScoredImages oneLabelEach(float[] logits, int numClasses, int[][] labels, String ruleName,
                                     ScoringRule.ClassSubset subset) {
        checkSamples(logits, numClasses, labels);
        int[] predicted = subset == null ? argmaxRows(logits, numClasses, null) : subset.predictions(logits, numClasses);
        Bits bits = new Bits(labels.length);
        for (int i = 0; i < labels.length; i++) {
            checkLabels(labels[i], i, numClasses, ruleName, true, subset);
            bits.add(predicted[i] == labels[i][0]);
        }
        return bits.scored();
    }

    /** ReaL: correct when the argmax is in the sample's label set; an empty set is excluded. */
    static ScoredImages labelSets(float[] logits, int numClasses, int[][] labels) {
        checkSamples(logits, numClasses, labels);
        int[] predicted = argmaxRows(logits, numClasses, null);
        Bits bits = new Bits(labels.length);
        for (int i = 0; i < labels.length; i++) {
            int[] set = labels[i];
            checkLabels(set, i, numClasses, "real", false, null);
            if (set.length == 0) {
                bits.exclude();
            } else {
                bits.add(contains(set, predicted[i]));
            }
        }
        return bits.scored();
    }

    /** Only samples whose label is in {@code subset} count, with the subset's argmax; the others are excluded. */
    static ScoredImages restricted(float[] logits, int numClasses, int[][] labels, ScoringRule.ClassSubset subset) {
        checkSamples(logits, numClasses, labels);
        int[] predicted = subset.predictions(logits, numClasses);
        Bits bits = new Bits(labels.length);
        for (int i = 0; i < labels.length; i++) {
            checkLabels(labels[i], i, numClasses, "restricted", true, null);
            int label = labels[i][0];
            if (!subset.contains(label)) {
                bits.exclude();
            } else {
                bits.add(predicted[i] == label);
            }
        }
        return bits.scored();
    }

    private static void checkSamples(float[] logits, int numClasses, int[][] labels) {
        if ((long) labels.length * numClasses != logits.length) {
            throw new IllegalArgumentException("expected " + labels.length + " samples x " + numClasses + " classes = "
                    + (long) labels.length * numClasses + " logits, found " + logits.length);
        }
    }

    /** Packs the outcomes of the scored samples, in order, and counts the excluded ones. */
    private static final class Bits {
        private final long[] words;
        private int scored;
        private long correct;
        private long excluded;

        Bits(int samples) {
            words = new long[Correctness.wordsFor(samples)];
        }

        void add(boolean right) {
            if (right) {
                words[scored >>> 6] |= 1L << scored;
                correct++;
            }
            scored++;
        }

        void exclude() {
            excluded++;
        }

        ScoredImages scored() {
            Score s = Score.of(correct, scored, excluded);
            return new ScoredImages(s, new Correctness(scored, java.util.Arrays.copyOf(words, Correctness.wordsFor(scored))));
        }
    }

    private static void checkLabels(int[] set, int sample, int numClasses, String ruleName, boolean oneLabel,
                                    ScoringRule.ClassSubset labelsIn) {
        if (set == null) {
            throw new IllegalArgumentException("sample " + sample + ": expected labels, found none (null)");
        }
        if (oneLabel && set.length != 1) {
            throw new IllegalArgumentException("sample " + sample + ": rule '" + ruleName
                    + "' expects exactly one label, found " + set.length);
        }
        for (int label : set) {
            if (label < 0 || label >= numClasses) {
                throw new IllegalArgumentException("sample " + sample + ": expected a label in 0.." + (numClasses - 1)
                        + ", found " + label);
            }
            if (labelsIn != null && !labelsIn.contains(label)) {
                throw new IllegalArgumentException("sample " + sample + ": label " + label
                        + " is not in the scoring subset of " + labelsIn.size() + " classes");
            }
        }
    }

    private static boolean contains(int[] set, int value) {
        for (int v : set) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    /** The highest logit's class among all classes ({@code subset} null) or the subset's; ties go to the first. */
    private static int argmax(float[] logits, int row, int numClasses, ScoringRule.ClassSubset subset) {
        int base = row * numClasses;
        int candidates = subset == null ? numClasses : subset.size();
        int best = -1;
        float bestValue = Float.NEGATIVE_INFINITY;
        for (int p = 0; p < candidates; p++) {
            int c = subset == null ? p : subset.classAt(p);
            float v = logits[base + c];
            if (Float.isNaN(v)) {
                throw nan(row, c);
            }
            if (v > bestValue || p == 0) {
                best = c;
                bestValue = v;
            }
        }
        return best;
    }

    private static IllegalArgumentException nan(int row, int c) {
        return new IllegalArgumentException("sample " + row + ": logit for class " + c
                + " is NaN (diverged head?); refusing to score");
    }
}

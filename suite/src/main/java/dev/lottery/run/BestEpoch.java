package dev.lottery.run;

import dev.lottery.features.Bundle;
import dev.lottery.features.FeatureMatrix;
import dev.lottery.probe.LinearHead;
import dev.lottery.probe.Probe;
import dev.lottery.score.ScoringRule;
import dev.lottery.score.Scorer;
import java.util.ArrayList;
import java.util.List;

/**
 * The upstream "best epoch on val" rule ({@code epoch_rule=best-val}): after each epoch the head is scored
 * on the reference variant with its rule; the best head (the earliest on a tie, as upstream's
 * {@code acc > best_acc}) is the one reported, and every epoch's accuracy is kept. Its state travels in
 * a head's checkpoints, so a resumed run selects as an uninterrupted one would.
 */
final class BestEpoch {

    private final Probe probe;
    private final FeatureSet reference;
    private final ScoringRule rule;
    private final int classes;
    /** Correct counts per epoch (ints: a stored selection reads back exactly); accuracy as Score computes it. */
    private final List<Integer> correct = new ArrayList<>();
    private long scored;
    private LinearHead best;
    private int bestEpoch;

    private final String variant;

    /** Selects on {@code reference}, the features of variant {@code variant}, scored by {@code rule}. */
    BestEpoch(Probe probe, String variant, FeatureSet reference, ScoringRule rule, int classes) {
        this.variant = variant;
        this.probe = probe;
        this.reference = reference;
        this.rule = rule;
        this.classes = classes;
    }

    /** Scores the head after epoch {@code epoch} (1-based). */
    void after(int epoch, LinearHead head) {
        var score = Scorer.scoreImages(probe.logits(head, reference.features()), classes, reference.labels(), rule)
                .score();
        scored = score.scored();
        correct.add((int) score.correct());
        if (best == null || score.correct() > correct.get(bestEpoch - 1)) {
            best = head;
            bestEpoch = epoch;
        }
    }

    /** The rule as a head's key records it: {@code best-val:<variant>:<scoring notation>}. */
    String rule() {
        return "best-val:" + variant + ":" + rule.notation();
    }

    LinearHead best() {
        return best;
    }

    int bestEpoch() {
        return bestEpoch;
    }

    List<Double> byEpoch() {
        return accuracies(correct.stream().mapToInt(Integer::intValue).toArray(), scored);
    }

    private static List<Double> accuracies(int[] correct, long scored) {
        List<Double> out = new ArrayList<>();
        for (int c : correct) {
            out.add(100.0 * c / scored);
        }
        return out;
    }

    /** {@code b} with this selection's state (a checkpoint's or a stored head's). */
    Bundle addTo(Bundle b) {
        Bundle out = b.withInts("referenceCorrect", correct.stream().mapToInt(Integer::intValue).toArray())
                .withInts("bestEpoch", bestEpoch, (int) scored);
        return best == null ? out : out.withMatrix("bestWeight", new FeatureMatrix(best.classes(), best.dim(),
                best.weight())).withMatrix("bestBias", new FeatureMatrix(1, best.classes(), best.bias()));
    }

    /** The state {@link #addTo} stored in {@code b}. */
    void restore(Bundle b) {
        correct.clear();
        for (int c : b.intArray("referenceCorrect")) {
            correct.add(c);
        }
        int[] at = b.intArray("bestEpoch");
        bestEpoch = at[0];
        scored = at[1];
        if (bestEpoch > 0) {
            FeatureMatrix w = b.matrix("bestWeight");
            best = new LinearHead(w.rows(), w.cols(), w.values(), b.matrix("bestBias").values());
        }
    }

    /** The per-epoch reference accuracies of a stored head. */
    static List<Double> byEpochOf(Bundle b) {
        return accuracies(b.intArray("referenceCorrect"), b.intArray("bestEpoch")[1]);
    }
}

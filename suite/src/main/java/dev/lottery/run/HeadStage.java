package dev.lottery.run;

import dev.lottery.features.Bundle;
import dev.lottery.features.ContentStore;
import dev.lottery.features.FeatureMatrix;
import dev.lottery.probe.EpochRows;
import dev.lottery.probe.LinearHead;
import dev.lottery.probe.Probe;
import dev.lottery.probe.Routine;

/** Trains (or loads from the store) one seed's linear head on a framework's training rows. */
final class HeadStage {

    private final ContentStore store;
    private final Probe probe;
    private final String numericKey;
    private final Progress progress;

    /** {@code numericKey}: the numeric environment's key (device, oneDNN ISA, engine and its thread pools). */
    HeadStage(ContentStore store, Probe probe, String numericKey, Progress progress) {
        this.store = store;
        this.probe = probe;
        this.numericKey = numericKey;
        this.progress = progress;
    }

    /**
     * @param referenceByEpoch under the best-val rule, the reference variant's accuracy after each epoch
     * @param reportedEpoch    the epoch of {@code head} (1-based), 0 = the last
     */
    record TrainedHead(String key, LinearHead head, boolean fromCache, java.util.List<Double> referenceByEpoch,
            int reportedEpoch) {
        TrainedHead(String key, LinearHead head, boolean fromCache) {
            this(key, head, fromCache, java.util.List.of(), 0);
        }
    }

    String numericKey() {
        return numericKey;
    }

    /** A {@code center} head on the cached training features. */
    TrainedHead head(String label, FeatureSet train, int classes, Routine routine, long seed) {
        return head(label, train, classes, routine, seed, null);
    }

    /** As {@link #head(String, FeatureSet, int, Routine, long)}, reported by {@code best} when given. */
    TrainedHead head(String label, FeatureSet train, int classes, Routine routine, long seed, BestEpoch best) {
        // the numeric environment is in the provenance: bit-identity is promised only within one
        HeadProvenance provenance = HeadProvenance.of(train.provenance(), routine, seed, classes, numericKey);
        return head(label, provenance, EpochRows.fixed(train.features()), firstLabels(train.labels()), classes, routine,
                seed, false, best);
    }

    /**
     * The head {@code provenance} names, trained on {@code rows} unless stored. When {@code resumable}
     * (augmented: an epoch costs a pass of the backbone), the head and optimizer state after each epoch are
     * stored as a checkpoint, and a killed run resumes after its last one ({@link StoredResume}).
     */
    TrainedHead head(String label, HeadProvenance provenance, EpochRows rows, int[] labels, int classes,
            Routine routine, long seed, boolean resumable) {
        return head(label, provenance, rows, labels, classes, routine, seed, resumable, null);
    }

    /**
     * As {@link #head(String, HeadProvenance, EpochRows, int[], int, Routine, long, boolean)}; with {@code best}
     * (the best-val epoch rule) the head of the best epoch is reported and stored, under a key that says so.
     */
    TrainedHead head(String label, HeadProvenance provenance, EpochRows rows, int[] labels, int classes,
            Routine routine, long seed, boolean resumable, BestEpoch best) {
        if (best != null) {
            provenance = provenance.withEpochRule(best.rule());
        }
        String key = provenance.key();
        var cached = store.get(provenance);
        if (cached.isPresent()) {
            FeatureMatrix w = cached.get().matrix("weight");
            FeatureMatrix b = cached.get().matrix("bias");
            LinearHead h = new LinearHead(w.rows(), w.cols(), w.values(), b.values());
            return best == null ? new TrainedHead(key, h, true)
                    : new TrainedHead(key, h, true, BestEpoch.byEpochOf(cached.get()),
                            cached.get().intArray("bestEpoch")[0]);
        }
        LinearHead head;
        StoredResume resume = resumable ? new StoredResume(store, provenance, routine.epochs()) : null;
        if (resume != null && best != null) {
            if (resume.startBundle() != null) {
                best.restore(resume.startBundle());
            }
            resume.extras(best::addTo);
        }
        dev.lottery.probe.Resume inner = resume != null ? resume : dev.lottery.probe.Resume.NONE;
        dev.lottery.probe.Resume watched = best == null ? inner : new dev.lottery.probe.Resume() {
            @Override
            public State state() {
                return inner.state();
            }

            @Override
            public void completed(int epochs, dev.lottery.probe.ProbeStep step) {
                best.after(epochs, step.head());
                inner.completed(epochs, step);
            }
        };
        try (Progress.Tracker bar = progress.start(label + " head seed " + seed, routine.epochs())) {
            if (resume != null && resume.state() != null) {
                progress.line(label + " head seed " + seed + ": resuming after epoch " + resume.state().epochs()
                        + " of " + routine.epochs());
                bar.step(resume.state().epochs());
            }
            head = probe.train(rows, labels, classes, routine, seed, epoch -> bar.step(1), watched);
        }
        if (best != null) {
            head = best.best();
        }
        Bundle stored = Bundle.of("weight", new FeatureMatrix(head.classes(), head.dim(), head.weight()))
                .withMatrix("bias", new FeatureMatrix(1, head.classes(), head.bias()));
        store.put(provenance, best == null ? stored : best.addTo(stored));
        if (resume != null) {
            resume.discard(); // the head is stored: its checkpoints have done their job
        }
        return best == null ? new TrainedHead(key, head, false)
                : new TrainedHead(key, head, false, best.byEpoch(), best.bestEpoch());
    }

    /** Each sample's first label (training labels are single). */
    static int[] firstLabels(int[][] labels) {
        int[] y = new int[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels[i][0];
        }
        return y;
    }
}

package dev.lottery.run;

import dev.lottery.features.Bundle;
import dev.lottery.features.ContentStore;
import dev.lottery.features.FeatureMatrix;
import dev.lottery.probe.LinearHead;
import dev.lottery.probe.Probe;
import dev.lottery.probe.Routine;

/** Trains (or loads from the store) one seed's linear head on a framework's training features. */
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

    record TrainedHead(String key, LinearHead head, boolean fromCache) {}

    TrainedHead head(String label, FeatureSet train, int classes, Routine routine, long seed) {
        // the numeric environment is in the provenance: bit-identity is promised only within one
        HeadProvenance provenance = HeadProvenance.of(train.provenance(), routine, seed, classes, numericKey);
        String key = provenance.key();
        var cached = store.get(provenance);
        if (cached.isPresent()) {
            FeatureMatrix w = cached.get().matrix("weight");
            FeatureMatrix b = cached.get().matrix("bias");
            return new TrainedHead(key, new LinearHead(w.rows(), w.cols(), w.values(), b.values()), true);
        }
        int[] y = new int[train.labels().length];
        for (int i = 0; i < y.length; i++) {
            y[i] = train.labels()[i][0];
        }
        LinearHead head;
        try (Progress.Tracker bar = progress.start(label + " head seed " + seed, routine.epochs())) {
            head = probe.train(train.features(), y, classes, routine, seed, epoch -> bar.step(1));
        }
        store.put(provenance, Bundle.of("weight", new FeatureMatrix(head.classes(), head.dim(), head.weight()))
                .withMatrix("bias", new FeatureMatrix(1, head.classes(), head.bias())));
        return new TrainedHead(key, head, false);
    }
}

package dev.lottery.run;

import dev.lottery.features.Bundle;
import dev.lottery.features.ContentStore;
import dev.lottery.features.FeatureMatrix;
import dev.lottery.probe.LinearHead;
import dev.lottery.probe.LinearProbe;
import dev.lottery.probe.Routine;
import java.util.Arrays;

/** Trains (or loads from the store) one seed's linear head on a framework's training features. */
final class HeadStage {

    static final String VERSION = "head-1";

    private final ContentStore store;
    private final LinearProbe probe;
    private final String numericKey;
    private final Progress progress;

    /** {@code numericKey}: the numeric environment's key (device, oneDNN ISA, engine and its thread pools). */
    HeadStage(ContentStore store, LinearProbe probe, String numericKey, Progress progress) {
        this.store = store;
        this.probe = probe;
        this.numericKey = numericKey;
        this.progress = progress;
    }

    record TrainedHead(String key, LinearHead head, boolean fromCache) {}

    TrainedHead head(String label, FeatureSet train, int classes, Routine routine, long seed) {
        // the numeric environment is in the key: bit-identity is promised only within one
        String key = ContentStore.key(VERSION, LinearProbe.VERSION, train.key(), describe(routine), seed, classes,
                numericKey);
        var cached = store.get("heads", key);
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
        store.put("heads", key, Bundle.of("weight", new FeatureMatrix(head.classes(), head.dim(), head.weight()))
                .withMatrix("bias", new FeatureMatrix(1, head.classes(), head.bias())));
        return new TrainedHead(key, head, false);
    }

    static String describe(Routine r) {
        return r.id() + "[" + r.optimizer() + ",lr=" + r.lr() + ",m=" + r.momentum() + ",nesterov=" + r.nesterov()
                + ",wd=" + r.weightDecay() + "," + r.schedule() + Arrays.toString(r.milestones()) + ",gamma=" + r.gamma()
                + ",warmup=" + r.warmupEpochs() + ",epochs=" + r.epochs() + ",batch=" + r.batchSize() + ",trust="
                + r.larsTrust() + "]";
    }
}

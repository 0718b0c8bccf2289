package dev.lottery.run;

import dev.lottery.features.Bundle;
import dev.lottery.features.ContentStore;
import dev.lottery.features.FeatureMatrix;
import dev.lottery.probe.LinearHead;
import dev.lottery.probe.ProbeStep;
import dev.lottery.probe.Resume;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Checkpoints of one head's training in the store: after epoch {@code e} the head, the optimizer state and
 * {@code e}, under the key of {@link HeadCheckpointProvenance}(head, e), written like any entry (owned temp
 * file, synced, renamed), the previous one removed once the new one is in place. A run killed at any
 * moment finds either a complete checkpoint or none; a damaged one is not found (the store checks it).
 */
final class StoredResume implements Resume {

    /** What a checkpoint is: the head it is of and the epochs completed. */
    record HeadCheckpointProvenance(HeadProvenance head, int epochs) implements dev.lottery.features.Provenance {
        @Override
        public String kind() {
            return "head-checkpoints";
        }
    }

    private final ContentStore store;
    private final HeadProvenance head;
    private final int epochs;
    private final State start;
    private final Bundle startBundle;
    private java.util.function.UnaryOperator<Bundle> extras = b -> b;
    private int last;

    StoredResume(ContentStore store, HeadProvenance head, int epochs) {
        this.store = store;
        this.head = head;
        this.epochs = epochs;
        State found = null;
        Bundle foundBundle = null;
        for (int e = epochs - 1; e >= 1 && found == null; e--) {
            var b = store.get(new HeadCheckpointProvenance(head, e));
            if (b.isPresent()) {
                foundBundle = b.get();
                FeatureMatrix w = b.get().matrix("weight");
                FeatureMatrix bias = b.get().matrix("bias");
                found = new State(e, new LinearHead(w.rows(), w.cols(), w.values(), bias.values()),
                        new float[][] {b.get().matrix("weightState").values(), b.get().matrix("biasState").values()});
            }
        }
        this.start = found;
        this.startBundle = foundBundle;
        this.last = found == null ? 0 : found.epochs();
    }

    @Override
    public State state() {
        return start;
    }

    /** The checkpoint resumed from (its extras, e.g. a best-epoch selection's state), or null. */
    Bundle startBundle() {
        return startBundle;
    }

    /** What each checkpoint also stores (applied to its bundle when written). */
    void extras(java.util.function.UnaryOperator<Bundle> add) {
        extras = add;
    }

    @Override
    public void completed(int done, ProbeStep step) {
        if (done >= epochs) {
            return; // the head itself is stored next
        }
        LinearHead h = step.head();
        float[][] s = step.state();
        store.put(new HeadCheckpointProvenance(head, done), extras.apply(Bundle.of("weight",
                new FeatureMatrix(h.classes(), h.dim(), h.weight()))
                .withMatrix("bias", new FeatureMatrix(1, h.classes(), h.bias()))
                .withMatrix("weightState", new FeatureMatrix(h.classes(), h.dim(), s[0]))
                .withMatrix("biasState", new FeatureMatrix(1, h.classes(), s[1]))));
        remove(last);
        last = done;
    }

    /** Removes the last checkpoint (after the head is stored). */
    void discard() {
        remove(last);
        last = 0;
    }

    private void remove(int e) {
        if (e < 1) {
            return;
        }
        try {
            ContentStore.removeEntry(store.pathOf(new HeadCheckpointProvenance(head, e)));
        } catch (IOException ex) {
            throw new UncheckedIOException("removing the checkpoint of epoch " + e, ex);
        }
    }
}

package dev.lottery.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's memory of complete {@link ImagePipeline} passes, so that the next framework that reads the
 * same split through the same transform replays the decoded images instead of reading and decoding
 * them again (the pocket suite decodes its 17,738 digits once per preprocessing, not once per framework).
 *
 * <p>A pass is kept only when it covered the whole source from position 0 and the source ended without
 * error; a replay goes through the same delivery as the pass it replays (same batches, same bad samples
 * in the same order, same segment ends and verified marks), so what a consumer sees cannot tell them apart.
 * Keyed by the source <em>instance</em> (a source reopened is another key: nothing is assumed about the
 * files between two openings) and a transform key whose {@code equals} says "the same floats for the same
 * image" (a {@link Preprocessing}: the test-time transform is deterministic).
 *
 * <p>Bounded by {@code maxValues} floats in all: a pass that grows beyond it is dropped while it is
 * recorded (an ImageNet split is never held), and a kept pass evicts the oldest ones until all fit.
 * Not thread-safe: one run's feature stage uses it from one thread.
 */
public final class DecodedPasses {

    /** Keeps nothing: every pass reads and decodes. */
    public static final DecodedPasses NONE = new DecodedPasses(0);

    private record Key(SampleSource source, Object transform) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.source == source && k.transform.equals(transform);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(source) * 31 + transform.hashCode();
        }
    }

    /** One position of a pass as the delivery took it, or (values and failure null, {@code verified}) a verified mark. */
    record Item(Sample sample, float[] values, int height, int width, String failure, boolean verified) {}

    private final long maxValues;
    private final Map<Key, List<Item>> kept = new LinkedHashMap<>();
    private final Map<Key, Long> sizes = new LinkedHashMap<>();
    private long held;

    /** @param maxValues floats held at most over all kept passes (0 keeps none) */
    public DecodedPasses(long maxValues) {
        if (maxValues < 0) {
            throw new IllegalArgumentException("expected maxValues >= 0, found " + maxValues);
        }
        this.maxValues = maxValues;
    }

    /**
     * A budget of a sixteenth of the heap, at most 2^26 floats (256 MB): enough for the pocket suite's
     * two preprocessings (56 + 167 MB), small beside the default 8 GB heap.
     */
    public static DecodedPasses ofHeap() {
        return new DecodedPasses(Math.min(1L << 26, Runtime.getRuntime().maxMemory() / 16 / Float.BYTES));
    }

    /** The (source, transform) slot a pipeline run reads a kept pass from or records its pass into. */
    public Slot slot(SampleSource source, Object transformKey) {
        return new Slot(new Key(source, transformKey));
    }

    /** Floats held by the kept passes (tests). */
    long heldValues() {
        return held;
    }

    /** Where one pipeline run finds its replay, or records one. */
    public final class Slot {
        private final Key key;

        private Slot(Key key) {
            this.key = key;
        }

        private long budget() {
            return maxValues;
        }

        /** The kept pass, or null. */
        List<Item> kept() {
            return DecodedPasses.this.kept.get(key);
        }

        /** A recorder for a pass from position 0; {@link Recorder#keep} makes it this slot's replay. */
        Recorder recorder() {
            return new Recorder(this);
        }

        private void keep(List<Item> items, long values) {
            Long old = sizes.remove(key);
            if (old != null) {
                kept.remove(key);
                held -= old;
            }
            kept.put(key, items);
            sizes.put(key, values);
            held += values;
            // the oldest passes go first, never the one just kept (it fits: the recorder stopped otherwise)
            Iterator<Map.Entry<Key, Long>> oldest = sizes.entrySet().iterator();
            while (held > maxValues && oldest.hasNext()) {
                Map.Entry<Key, Long> e = oldest.next();
                if (!e.getKey().equals(key)) {
                    held -= e.getValue();
                    kept.remove(e.getKey());
                    oldest.remove();
                }
            }
        }
    }

    /** Collects one pass's items; gives up (and keeps nothing) once they exceed the budget. */
    static final class Recorder {
        private final Slot slot;
        private List<Item> items;
        private long values;

        private Recorder(Slot slot) {
            this.slot = slot;
            this.items = slot.budget() > 0 ? new ArrayList<>() : null;
        }

        void position(Sample s, float[] decoded, int height, int width, String failure) {
            if (items == null) {
                return;
            }
            values += decoded == null ? 0 : decoded.length;
            if (values > slot.budget()) {
                items = null; // too large to hold: this pass is not kept
                return;
            }
            // the labels and names only: a shard sample's content would keep its encoded bytes alive
            items.add(new Item(new Sample(s.source(), s.key(), (byte[]) null, s.labels()), decoded, height, width,
                    failure, false));
        }

        void verified() {
            if (items != null) {
                items.add(new Item(null, null, 0, 0, null, true));
            }
        }

        /** The pass is complete and sound: the slot replays it from now on (if it stayed within budget). */
        void keep() {
            if (items != null) {
                slot.keep(List.copyOf(items), values);
                items = null;
            }
        }
    }

}

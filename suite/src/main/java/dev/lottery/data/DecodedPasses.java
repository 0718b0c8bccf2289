package dev.lottery.data;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's memory of complete {@link ImagePipeline} passes, so that the next framework that reads the
 * same split replays what was decoded instead of reading and decoding it again: through the same
 * transform, the transformed images themselves; through another transform (another framework's
 * preprocessing), the decoded images, which the workers then transform. So the pocket suite reads and
 * decodes its 17,738 digits once per run, not once per framework or per preprocessing.
 *
 * <p>A pass is kept only when it covered the whole source from position 0 and the source ended without
 * error; a replay goes through the same delivery as the pass it replays (same batches, same bad samples
 * in the same order, same segment ends and verified marks), so what a consumer sees cannot tell them apart.
 * Keyed by the source <em>instance</em> (a source reopened is another key: nothing is assumed about the
 * files between two openings) and a transform key whose {@code equals} says "the same floats for the same
 * image" (a {@link Preprocessing}: the test-time transform is deterministic); the decoded images of a
 * source are kept once, under the source alone. Transforms only read the images they are given.
 *
 * <p>Bounded by {@code maxValues} values in all (a float of a transformed image, a pixel of a decoded one):
 * a pass that grows beyond it is dropped while it is recorded (an ImageNet split is never held), and a kept
 * pass evicts the oldest ones until all fit. Not thread-safe: one run's feature stage uses it from one thread.
 */
public final class DecodedPasses {

    /** Keeps nothing: every pass reads and decodes. */
    public static final DecodedPasses NONE = new DecodedPasses(0);

    /** The transform key of a source's decoded images (equal to nothing else). */
    private static final Object DECODED = new Object() {
        @Override
        public String toString() {
            return "decoded";
        }
    };

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

    /**
     * One position of a pass as the delivery took it: the transformed {@code values} (a transformed pass) or
     * the decoded {@code image} (a decoded pass), or the {@code failure} that made it bad; or (all null,
     * {@code verified}) a verified mark.
     */
    record Item(Sample sample, float[] values, BufferedImage image, int height, int width, String failure,
            boolean verified) {}

    private final long maxValues;
    private final Map<Key, List<Item>> kept = new LinkedHashMap<>();
    private final Map<Key, Long> sizes = new LinkedHashMap<>();
    private long held;

    /** @param maxValues values held at most over all kept passes (0 keeps none) */
    public DecodedPasses(long maxValues) {
        if (maxValues < 0) {
            throw new IllegalArgumentException("expected maxValues >= 0, found " + maxValues);
        }
        this.maxValues = maxValues;
    }

    /**
     * A budget of a sixteenth of the heap, at most 2^27 values (512 MB): enough for the pocket suite's
     * decoded digits and its two preprocessings (56 + 56 + 167 MB), small beside the default 8 GB heap.
     */
    public static DecodedPasses ofHeap() {
        return new DecodedPasses(Math.min(1L << 27, Runtime.getRuntime().maxMemory() / 16 / Float.BYTES));
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

        /** The kept pass through this slot's transform, or null. */
        List<Item> kept() {
            return DecodedPasses.this.kept.get(key);
        }

        /** The kept decoded images of this slot's source (any transform's pass from them), or null. */
        List<Item> decoded() {
            return DecodedPasses.this.kept.get(decodedKey());
        }

        private Key decodedKey() {
            return new Key(key.source(), DECODED);
        }

        /**
         * A recorder for a pass from position 0; {@link Recorder#keep} makes it this slot's replay and, when
         * {@code withImages}, keeps its decoded images for other transforms too.
         */
        Recorder recorder(boolean withImages) {
            return new Recorder(this, withImages);
        }

        /** Keeps these passes (evicting the oldest others until all fit). */
        private void keep(Map<Key, List<Item>> passes, Map<Key, Long> values) {
            for (Key k : passes.keySet()) {
                Long old = sizes.remove(k);
                if (old != null) {
                    kept.remove(k);
                    held -= old;
                }
                kept.put(k, passes.get(k));
                sizes.put(k, values.get(k));
                held += values.get(k);
            }
            // the oldest passes go first, never one just kept (they fit: the recorder stopped otherwise)
            Iterator<Map.Entry<Key, Long>> oldest = sizes.entrySet().iterator();
            while (held > maxValues && oldest.hasNext()) {
                Map.Entry<Key, Long> e = oldest.next();
                if (!passes.containsKey(e.getKey())) {
                    held -= e.getValue();
                    kept.remove(e.getKey());
                    oldest.remove();
                }
            }
        }
    }

    /**
     * Collects one pass's transformed items and, if asked, its decoded images; gives up on either (and keeps
     * none of it) once together they exceed the budget.
     */
    static final class Recorder {
        private final Slot slot;
        private List<Item> items;
        private List<Item> images;
        private long values;
        private long pixels;

        private Recorder(Slot slot, boolean withImages) {
            this.slot = slot;
            this.items = slot.budget() > 0 ? new ArrayList<>() : null;
            this.images = slot.budget() > 0 && withImages ? new ArrayList<>() : null;
        }

        /**
         * One position: its transformed {@code values} (null when bad, with {@code failure}) and, when it was
         * decoded, the decoded {@code image} (null when it could not be read or decoded).
         */
        void position(Sample s, float[] transformed, int height, int width, String failure, BufferedImage image) {
            // the labels and names only: a shard sample's content would keep its encoded bytes alive
            Sample named = items == null && images == null ? null : new Sample(s.source(), s.key(), (byte[]) null,
                    s.labels());
            if (items != null) {
                values += transformed == null ? 0 : transformed.length;
                items.add(new Item(named, transformed, null, height, width, failure, false));
            }
            if (images != null) {
                pixels += image == null ? 0 : (long) image.getWidth() * image.getHeight();
                images.add(new Item(named, null, image, 0, 0, image == null ? failure : null, false));
            }
            if (values + pixels > slot.budget()) {
                // too large to hold: drop the decoded images first, then the transformed pass
                if (images != null) {
                    images = null;
                    pixels = 0;
                }
                if (values > slot.budget()) {
                    items = null;
                }
            }
        }

        /** Whether this pass still records its decoded images (within budget). */
        boolean keepsImages() {
            return images != null;
        }

        void verified() {
            Item mark = new Item(null, null, null, 0, 0, null, true);
            if (items != null) {
                items.add(mark);
            }
            if (images != null) {
                images.add(mark);
            }
        }

        /** The pass is complete and sound: the slot replays it from now on (what of it stayed within budget). */
        void keep() {
            Map<Key, List<Item>> passes = new LinkedHashMap<>();
            Map<Key, Long> sizes = new LinkedHashMap<>();
            if (images != null) {
                passes.put(slot.decodedKey(), List.copyOf(images));
                sizes.put(slot.decodedKey(), pixels);
            }
            if (items != null) {
                passes.put(slot.key, List.copyOf(items));
                sizes.put(slot.key, values);
            }
            slot.keep(passes, sizes);
            items = null;
            images = null;
        }
    }

}

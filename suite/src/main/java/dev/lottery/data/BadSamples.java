package dev.lottery.data;

import java.util.ArrayList;
import java.util.List;

/** Thread-safe collector of bad samples: they are counted and reported, never silently dropped. */
public final class BadSamples {
    private final List<BadSample> samples = new ArrayList<>();

    public synchronized void add(BadSample sample) {
        samples.add(sample);
    }

    public void add(String source, String key, String reason) {
        add(new BadSample(source, key, reason));
    }

    /** A snapshot, in the order the samples were reported. */
    public synchronized List<BadSample> list() {
        return List.copyOf(samples);
    }

    public synchronized int count() {
        return samples.size();
    }
}

package dev.lottery.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A dataset split as a stream of labelled samples, whatever its layout on disk (tar shards,
 * class folders, flat files plus a label file, ...). Labels are indices into {@link #classes()}.
 * Streaming holds a bounded amount of memory whatever the dataset size, and the order of
 * {@link #forEach} is the same on every call.
 */
public interface SampleSource {

    /** The layout's id, e.g. {@code shards}, {@code wnid-folders}, {@code flat-devkit}. */
    String layout();

    /** The folder the split was opened from. */
    Path root();

    /** Class names in label-index order. */
    ClassList classes();

    /** Streams the samples in a fixed order; samples that cannot even be listed go to {@code bad}. */
    void forEach(Consumer<Sample> sink, BadSamples bad) throws IOException;

    /**
     * As {@link #forEach(Consumer, BadSamples)}, telling {@code verified} each time every sample
     * delivered so far is known sound at the container level: a source whose integrity check comes
     * at the end of a container (a gzip shard's CRC) tells it after each container, so that a
     * caller commits nothing a later check could still reject. A source of separate files has no
     * such container: each sample is sound when listed (an unreadable file is a bad sample).
     */
    default void forEach(Consumer<Sample> sink, BadSamples bad, Runnable verified) throws IOException {
        forEach(s -> {
            sink.accept(s);
            verified.run();
        }, bad);
        verified.run();
    }

    /** Number of samples {@link #forEach} delivers (without decoding them). */
    int count() throws IOException;

    /** SHA-256 over sorted relative paths and sizes (plus label files): cheap. */
    String quickFingerprint() throws IOException;

    /** SHA-256 over relative paths and full contents (plus label files): reads everything. */
    String fullFingerprint() throws IOException;
}

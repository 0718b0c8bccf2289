package dev.lottery.data;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A sample that could not be used, with where it came from and why.
 *
 * @param split  the split it belongs to (e.g. {@code val}), or null while only its source knows it
 * @param source the shard or folder it was read from
 * @param key    its key (file name without extension) inside the source
 * @param reason why it was skipped, in words
 */
public record BadSample(String split, String source, String key, String reason) {

    /** A bad sample as a source reports it, before the runner names its split. */
    public BadSample(String source, String key, String reason) {
        this(null, source, key, reason);
    }

    /** The same sample, named as part of {@code splitId}. */
    public BadSample inSplit(String splitId) {
        return new BadSample(splitId, source, key, reason);
    }

    /**
     * Its stored form: split, source, key and reason separated by tabs, the line cache entries and
     * {@code run.json} hold. {@link #ofLine} reads it back.
     */
    public String line() {
        return split + "\t" + source + "\t" + key + "\t" + reason;
    }

    /** Reads a {@link #line()}; the reason may hold tabs, missing trailing fields read as empty. */
    public static BadSample ofLine(String line) {
        String[] parts = Arrays.copyOf(line.split("\t", 4), 4);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i] == null ? "" : parts[i];
        }
        return new BadSample(parts[0], parts[1], parts[2], parts[3]);
    }

    /** Split, source, key and reason, the columns a report's table shows. */
    public List<String> fields() {
        return Stream.of(split, source, key, reason).map(String::valueOf).toList();
    }

    /** The fields that name the image (split, source, key), not the reason, which is only words. */
    public String imageId() {
        return split + "\t" + source + "\t" + key;
    }

    @Override
    public String toString() {
        return source + ":" + key + ": " + reason;
    }
}

package dev.lottery.data;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One labelled image of a dataset. The bytes may be held (a shard entry) or read on demand (a file
 * on disk), so that the worker threads of an {@link ImagePipeline}, not the single reader thread,
 * do the reading.
 *
 * @param source  where the sample came from: a shard file name, or the dataset's root folder name
 * @param key     the sample key inside its source (shard key, or file path relative to the root)
 * @param content the encoded image bytes (PNG or JPEG), undecoded
 * @param labels  class indices: length 1 normally; a label set (possibly empty) for ReaL-style data
 */
public record Sample(String source, String key, Content content, int[] labels) {

    /** Encoded image bytes, possibly read lazily. */
    @FunctionalInterface
    public interface Content {
        byte[] read() throws IOException;
    }

    /** A sample whose bytes are already in memory. */
    public Sample(String source, String key, byte[] encoded, int[] labels) {
        this(source, key, () -> encoded, labels);
    }

    /** The encoded bytes, read now; an I/O failure is an {@link IOException}. */
    public byte[] readBytes() throws IOException {
        return content.read();
    }

    /** The encoded bytes; an I/O failure is an {@link UncheckedIOException}. */
    public byte[] encoded() {
        try {
            return content.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.lottery.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one digest of the suite: fingerprints, provenance, cache keys, artifact pins. */
public final class Digests {

    private Digests() {}

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Lower-case hex of a finished digest. */
    public static String hex(MessageDigest md) {
        return HexFormat.of().formatHex(md.digest());
    }

    /** Hex SHA-256 of a file's bytes. */
    public static String sha256Hex(Path file) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            while (in.read(buf) >= 0) {
                // digesting
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Files up to this size are hashed whole by {@link #sampledSha256Hex}. */
    public static final long SAMPLE_WHOLE_BELOW = 4L << 20;
    static final int SAMPLE_WINDOWS = 65;
    static final int SAMPLE_WINDOW = 4096;

    /**
     * Hex SHA-256 of a file's size and content, read whole when it is at most 4 MiB, else of 65
     * windows of 4 KiB evenly spread from its first byte to its last, its middle included (260 KiB
     * per file): a cheap
     * check that a large file with the same name and size is still the same file. A change between
     * windows is not seen; only a full content hash sees every byte.
     */
    public static String sampledSha256Hex(Path file) throws IOException {
        MessageDigest md = sha256();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            long size = ch.size();
            md.update(java.nio.ByteBuffer.allocate(8).putLong(size).array());
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16);
            if (size <= SAMPLE_WHOLE_BELOW) {
                for (long at = 0; at < size; ) {
                    buf.clear();
                    int n = ch.read(buf, at);
                    if (n < 0) {
                        break;
                    }
                    md.update(buf.array(), 0, n);
                    at += n;
                }
            } else {
                for (int w = 0; w < SAMPLE_WINDOWS; w++) {
                    long at = (size - SAMPLE_WINDOW) * w / (SAMPLE_WINDOWS - 1);
                    buf.clear().limit(SAMPLE_WINDOW);
                    while (buf.hasRemaining() && ch.read(buf, at + buf.position()) >= 0) {
                        // filling the window
                    }
                    md.update(buf.array(), 0, buf.position());
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}

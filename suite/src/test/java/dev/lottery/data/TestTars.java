package dev.lottery.data;

import java.io.IOException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Raw tar entries for tests that build shards by hand (including malformed ones that
 * {@link ShardWriter} would refuse to write).
 */
public final class TestTars {

    private TestTars() {}

    /** Appends one file entry {@code name} holding {@code bytes}. */
    public static void entry(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }
}

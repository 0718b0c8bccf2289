package dev.lottery.backbone.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads zip entries checking their CRC-32, as Python's {@code zipfile} does: {@link ZipFile} checks
 * none for stored entries (PyTorch writes its archives stored), so a flipped byte in a tensor would
 * otherwise load as a wrong weight.
 */
final class ZipEntries {
    private ZipEntries() {}

    /** The entry's bytes; a {@link CheckpointException} naming the file and entry when its CRC-32 differs. */
    static byte[] read(ZipFile zip, ZipEntry entry, Path file) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readAllBytes();
            CRC32 crc = new CRC32();
            crc.update(bytes);
            check(entry, crc.getValue(), file);
            return bytes;
        }
    }

    /** Copies the entry to {@code out}, checking its CRC-32 at the end. */
    static void copy(ZipFile zip, ZipEntry entry, OutputStream out, Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = zip.getInputStream(entry)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
                out.write(buf, 0, n);
            }
        }
        check(entry, crc.getValue(), file);
    }

    private static void check(ZipEntry entry, long actual, Path file) {
        if (entry.getCrc() != -1 && entry.getCrc() != actual) {
            throw new CheckpointException(file + ": zip entry " + entry.getName() + " is damaged (CRC-32 "
                    + String.format("%08x", actual) + ", the archive records " + String.format("%08x", entry.getCrc())
                    + ")");
        }
    }
}

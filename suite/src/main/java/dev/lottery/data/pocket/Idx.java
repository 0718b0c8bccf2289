package dev.lottery.data.pocket;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reads the IDX files of MNIST (uncompressed, or gzipped when the name ends in .gz). */
final class Idx {
    private Idx() {}

    /** Images as unsigned bytes, one array of rows*cols per image. */
    static byte[][] readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != 0x00000803) {
                throw new IOException(file + ": expected IDX image magic 0x00000803, found 0x" + Integer.toHexString(magic));
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            byte[][] images = new byte[n][rows * cols];
            for (int i = 0; i < n; i++) {
                in.readFully(images[i]);
            }
            return images;
        }
    }

    static int[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != 0x00000801) {
                throw new IOException(file + ": expected IDX label magic 0x00000801, found 0x" + Integer.toHexString(magic));
            }
            int n = in.readInt();
            byte[] raw = new byte[n];
            in.readFully(raw);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = raw[i] & 0xFF;
            }
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw);
    }
}

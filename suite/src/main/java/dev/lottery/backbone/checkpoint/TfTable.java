package dev.lottery.backbone.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads the immutable sorted table that TensorFlow writes as a checkpoint's {@code .index} file:
 * LevelDB's SSTable format as vendored in {@code tensorflow/core/lib/io} (format.h, block.cc,
 * table.cc). Layout: data blocks, a metaindex block, an index block whose values are handles of
 * the data blocks, and a 48-byte footer (two varint64 block handles padded to 40 bytes, then the
 * magic 0xdb4775248b80fb57). A block holds prefix-compressed entries (varint32 shared, unshared
 * and value lengths, key suffix, value) followed by a uint32 restart array and its length; each
 * block is followed by a 5-byte trailer: compression type and masked CRC32C of block + type.
 * TensorFlow writes the bundle index uncompressed (tensor_bundle.cc: {@code kNoCompression}), so a
 * Snappy-compressed block is refused rather than pulling in a codec.
 */
final class TfTable {

    static final long MAGIC = 0xdb4775248b80fb57L;
    static final int FOOTER_LENGTH = 48;
    private static final int TRAILER_LENGTH = 5;
    private static final int MASK_DELTA = 0xa282ead8;

    private TfTable() {}

    /** Every key and value of the table, in table (sorted) order. {@code file} names the table in errors. */
    static Map<String, byte[]> read(byte[] table, String file) {
        if (table.length < FOOTER_LENGTH) {
            throw new CheckpointException(file + ": " + table.length + " bytes, too short for a TensorFlow index"
                    + " (its footer alone is " + FOOTER_LENGTH + " bytes); truncated?");
        }
        ByteBuffer footer = ByteBuffer.wrap(table, table.length - FOOTER_LENGTH, FOOTER_LENGTH)
                .order(ByteOrder.LITTLE_ENDIAN);
        long magic = footer.getLong(table.length - 8);
        if (magic != MAGIC) {
            throw new CheckpointException(file + ": no TensorFlow table footer (expected magic 0x"
                    + Long.toHexString(MAGIC) + " in the last 8 bytes, found 0x" + Long.toHexString(magic)
                    + "); not a checkpoint .index file, or truncated");
        }
        Cursor c = new Cursor(table, table.length - FOOTER_LENGTH, file + " footer");
        c.varint64(); // metaindex handle: TensorFlow stores nothing there that a reader needs
        c.varint64();
        long indexOffset = c.varint64();
        long indexSize = c.varint64();
        byte[] index = block(table, indexOffset, indexSize, file, "index block");
        Map<String, byte[]> out = new LinkedHashMap<>();
        int blockNo = 0;
        for (byte[] handle : entries(index, file + " index block").values()) {
            Cursor h = new Cursor(handle, 0, file + " index entry " + blockNo);
            byte[] data = block(table, h.varint64(), h.varint64(), file, "data block " + blockNo);
            out.putAll(entries(data, file + " data block " + blockNo));
            blockNo++;
        }
        return out;
    }

    /** The contents of one block after checking its bounds, trailer checksum and compression type. */
    private static byte[] block(byte[] table, long offset, long size, String file, String what) {
        long limit = table.length - FOOTER_LENGTH;
        if (offset < 0 || size < 0 || offset + size + TRAILER_LENGTH > limit) {
            throw new CheckpointException(file + ": " + what + " at offset " + offset + " (" + size
                    + " bytes + trailer) reaches past the table's " + limit + " bytes of blocks; truncated?");
        }
        int from = (int) offset;
        int to = (int) (offset + size);
        int type = table[to] & 0xff;
        CRC32C crc = new CRC32C();
        crc.update(table, from, (int) size + 1);
        int expected = ByteBuffer.wrap(table, to + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt(to + 1);
        if (mask((int) crc.getValue()) != expected) {
            throw new CheckpointException(file + ": " + what + " at offset " + offset
                    + " fails its CRC32C check; the index is corrupt");
        }
        if (type != 0) {
            throw new CheckpointException(file + ": " + what + " is compressed (type " + type
                    + (type == 1 ? ", Snappy" : "") + "); TensorFlow writes checkpoint indexes uncompressed and"
                    + " this reader supports only that");
        }
        return Arrays.copyOfRange(table, from, to);
    }

    /** The entries of one block, keys rebuilt from their shared prefixes. */
    private static Map<String, byte[]> entries(byte[] block, String where) {
        if (block.length < 4) {
            throw new CheckpointException(where + ": a block of " + block.length + " bytes has no restart array");
        }
        ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        long restarts = Integer.toUnsignedLong(b.getInt(block.length - 4));
        long end = block.length - 4 - 4 * restarts;
        if (end < 0) {
            throw new CheckpointException(where + ": " + restarts + " restart points do not fit in a block of "
                    + block.length + " bytes");
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        Cursor c = new Cursor(block, 0, where);
        byte[] key = new byte[0];
        while (c.at < end) {
            int shared = c.varint32();
            int unshared = c.varint32();
            int valueLength = c.varint32();
            if (shared > key.length || (long) c.at + unshared + valueLength > end) {
                throw new CheckpointException(where + ": malformed entry at byte " + c.at + " (shared " + shared
                        + " of a " + key.length + "-byte previous key, " + unshared + " new key bytes, "
                        + valueLength + " value bytes)");
            }
            byte[] next = Arrays.copyOf(key, shared + unshared);
            System.arraycopy(block, c.at, next, shared, unshared);
            c.at += unshared;
            key = next;
            out.put(new String(key, StandardCharsets.UTF_8), Arrays.copyOfRange(block, c.at, c.at + valueLength));
            c.at += valueLength;
        }
        return out;
    }

    /** TensorFlow's (and LevelDB's) masked CRC32C: rotate right by 15 bits, add a constant. */
    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    /** Little-endian base-128 varints over a byte array. */
    static final class Cursor {
        private final byte[] data;
        private final String where;
        int at;

        Cursor(byte[] data, int at, String where) {
            this.data = data;
            this.at = at;
            this.where = where;
        }

        long varint64() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= data.length) {
                    throw new CheckpointException(where + ": varint runs past the end at byte " + at);
                }
                int b = data[at++] & 0xff;
                v |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new CheckpointException(where + ": varint longer than 10 bytes at byte " + at);
        }

        int varint32() {
            long v = varint64();
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new CheckpointException(where + ": length " + v + " out of range at byte " + at);
            }
            return (int) v;
        }
    }
}

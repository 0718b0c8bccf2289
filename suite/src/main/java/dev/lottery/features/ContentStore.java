package dev.lottery.features;

import dev.lottery.io.Digests;
import dev.lottery.io.AtomicFiles;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The content-addressed cache for feature matrices and heads: {@code <root>/<kind>/<key[0:2]>/<key>.bin},
 * and beside an entry stored under a {@link Provenance} its text, {@code <key>.provenance.json}.
 * <p>Each file ends with the SHA-256 of everything before it, so a file truncated or damaged by a
 * crash is detected, reported, removed and recomputed, never used. Writes go to a unique temp
 * file in the same directory, are synced, then atomically renamed: a reader (or a second process
 * writing the same key) sees either no file or a complete one. A published file is never modified
 * in place (only replaced or removed), so a mapping of it stays valid.
 *
 * <p>Format 2: {@code "LOTTERY-STORE-2\n"}; each matrix's values, row-major little-endian float32,
 * starting on a 64-byte boundary; the directory (entry count; per entry its type and name, then for
 * a matrix rows, cols and byte offset, for ints and texts the values); the directory's byte offset
 * (8 bytes); the SHA-256 (32 bytes). Matrices come first so that a split's features can be streamed
 * to disk as they are extracted ({@link #draft}) and mapped back in chunks ({@link FeatureRows}): the
 * page cache, not the heap, holds ImageNet's 10.5 GB of training features.
 */
public final class ContentStore {

    private static final byte[] MAGIC = "LOTTERY-STORE-2\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte MATRIX = 1;
    private static final byte INTS = 2;
    private static final byte TEXTS = 3;

    private final Path root;
    private final long maxChunkValues;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger misses = new AtomicInteger();

    public ContentStore(Path root) {
        this(root, FeatureRows.MAX_CHUNK_VALUES);
    }

    /**
     * @param maxChunkValues values per mapped chunk of a stored matrix when read back (whole rows, at
     *                       least one); the file format does not depend on it. Small values are for tests.
     */
    public ContentStore(Path root, long maxChunkValues) {
        if (maxChunkValues < 1) {
            throw new IllegalArgumentException("a chunk must hold at least one value, got " + maxChunkValues);
        }
        this.root = root;
        this.maxChunkValues = maxChunkValues;
    }

    public Path root() {
        return root;
    }

    /** Damaged entries found (and removed) so far, each naming its file and what was wrong. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    public int hits() {
        return hits.get();
    }

    public int misses() {
        return misses.get();
    }

    public Path pathOf(String kind, String key) {
        if (!key.matches("[0-9a-f]{16,}")) {
            throw new IllegalArgumentException("store keys are lowercase hex digests, got '" + key + "'");
        }
        return root.resolve(kind).resolve(key.substring(0, 2)).resolve(key + ".bin");
    }

    /** What an entry's provenance text is stored as, beside its {@code <key>.bin}. */
    public static final String PROVENANCE_SUFFIX = ".provenance.json";

    /** The provenance text of entry {@code key} of {@code kind} (present for entries stored with one). */
    public Path provenanceOf(String kind, String key) {
        return provenanceBeside(pathOf(kind, key));
    }

    /** The provenance file beside an entry file {@code <key>.bin}. */
    public static Path provenanceBeside(Path entry) {
        String name = entry.getFileName().toString();
        return entry.resolveSibling(name.substring(0, name.length() - ".bin".length()) + PROVENANCE_SUFFIX);
    }

    /** The entry of {@code provenance} (its kind, its key). */
    public Path pathOf(Provenance provenance) {
        return pathOf(provenance.kind(), provenance.key());
    }

    public Optional<Bundle> get(Provenance provenance) {
        return get(provenance.kind(), provenance.key());
    }

    /** Stores an entry under its provenance's key, the provenance text beside it (written first, atomically). */
    public void put(Provenance provenance, Bundle bundle) {
        Path file = pathOf(provenance);
        writeProvenance(file, provenance.canonical());
        put(provenance.kind(), provenance.key(), bundle);
    }

    /** As {@link #draft(String, String, String)}, under the provenance's key; its text is written beside on publishing. */
    public Draft draft(Provenance provenance, String matrixName) {
        Draft d = draft(provenance.kind(), provenance.key(), matrixName);
        d.provenance = provenance.canonical();
        return d;
    }

    /**
     * Writes an entry's provenance text beside it with the entry's discipline (an owned temp file,
     * synced, atomically renamed), before the entry itself: a published entry always has its text.
     * The text is exactly what the key hashes, so {@code sha256sum} of the file is the key.
     */
    private static void writeProvenance(Path entry, String text) {
        Path file = provenanceBeside(entry);
        try {
            Path tmp = newTemp(file);
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        ch.write(bytes);
                    }
                    ch.force(true);
                }
                publish(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write provenance " + file, e);
        }
    }

    /** Removes an entry file and its provenance text; true when the entry was there. */
    public static boolean removeEntry(Path entry) throws IOException {
        boolean was = Files.deleteIfExists(entry);
        Files.deleteIfExists(provenanceBeside(entry));
        return was;
    }

    public Optional<Bundle> get(String kind, String key) {
        Path file = pathOf(kind, key);
        try {
            Bundle b = read(file, maxChunkValues, true);
            hits.incrementAndGet();
            return Optional.of(b);
        } catch (NoSuchFileException e) {
            misses.incrementAndGet();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            problems.add(file + ": damaged cache entry (" + e.getMessage() + "); removed and recomputed");
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // another process may have replaced it already
            }
            misses.incrementAndGet();
            return Optional.empty();
        }
    }

    public void put(String kind, String key, Bundle bundle) {
        Path file = pathOf(kind, key);
        try {
            Path tmp = newTemp(file);
            try {
                write(tmp, bundle);
                publish(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write cache entry " + file, e);
        }
    }

    /**
     * Starts an entry whose matrix {@code matrixName} is streamed into the store as rows arrive (the
     * features of a split, which may not fit the heap); the rest of the entry is given at
     * {@link Draft#commit}. Until then the rows sit in a temp file that {@link Draft#close} removes.
     */
    public Draft draft(String kind, String key, String matrixName) {
        Path file = pathOf(kind, key);
        try {
            Path tmp = newTemp(file);
            return new Draft(file, tmp, matrixName, maxChunkValues);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot start cache entry " + file, e);
        }
    }

    /**
     * A temp file beside {@code file}, named by its key and its owner ({@link TempOwner}) so that
     * {@link #removeLeftovers} can tell a dead writer's file from a live one's. Retries when a
     * concurrent cleanup removed the (empty) folder between its creation and the file's.
     */
    private static Path newTemp(Path file) throws IOException {
        String prefix = file.getFileName().toString().replace(".bin", "") + TempOwner.current().tag();
        for (int attempt = 0; ; attempt++) {
            Files.createDirectories(file.getParent());
            try {
                return Files.createTempFile(file.getParent(), prefix, ".tmp");
            } catch (NoSuchFileException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /** An entry being written: rows of one matrix streamed to a temp file, published by {@link #commit}. */
    public static final class Draft implements AutoCloseable {
        private final Path file;
        private final Path tmp;
        private final String name;
        private final long maxChunkValues;
        private final FileChannel channel;
        private final Sink sink;
        private final long dataOffset;
        private int rows;
        private int cols = -1;
        private boolean sealed;
        private boolean done;
        /** The provenance text written beside the entry when it is published; null for none. */
        private String provenance;

        private Draft(Path file, Path tmp, String name, long maxChunkValues) throws IOException {
            this.file = file;
            this.tmp = tmp;
            this.name = name;
            this.maxChunkValues = maxChunkValues;
            this.channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            this.sink = new Sink(channel);
            sink.bytes(MAGIC);
            sink.align();
            this.dataOffset = sink.position();
        }

        /** Appends a batch of rows; the first batch fixes the column count. */
        public void append(FeatureMatrix batch) {
            if (sealed) {
                throw new IllegalStateException("entry " + file + " is already sealed");
            }
            if (cols < 0) {
                cols = batch.cols();
            } else if (batch.cols() != cols) {
                throw new IllegalArgumentException("rows of " + file.getFileName() + " have " + cols
                        + " columns, a later batch has " + batch.cols());
            }
            if ((long) rows + batch.rows() > Integer.MAX_VALUE) {
                throw new IllegalStateException("more than " + Integer.MAX_VALUE + " rows for " + file.getFileName());
            }
            try {
                sink.floats(batch.values(), 0, batch.values().length);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write cache entry " + tmp, e);
            }
            rows += batch.rows();
        }

        public int rows() {
            return rows;
        }

        /**
         * Writes {@code rest} after the streamed rows, checksums, syncs and atomically publishes the
         * entry; returns it as {@link #get} would (the streamed matrix mapped, not copied).
         *
         * @param colsIfEmpty the column count recorded when no row was appended (asked only then)
         */
        public Bundle commit(Bundle rest, java.util.function.IntSupplier colsIfEmpty) {
            seal(rest, colsIfEmpty);
            return publish();
        }

        /**
         * Completes the entry in its temp file (rest, checksum, sync) without publishing it: a
         * caller that learns only later whether the entry's inputs were sound publishes it then,
         * or discards it with {@link #close}. No row can be appended afterwards.
         */
        public void seal(Bundle rest, java.util.function.IntSupplier colsIfEmpty) {
            if (sealed) {
                throw new IllegalStateException("entry " + file + " is already sealed");
            }
            if (rest.matrices().containsKey(name)) {
                throw new IllegalArgumentException("matrix '" + name + "' is the streamed one; it cannot also be in the rest");
            }
            int c = cols < 0 ? colsIfEmpty.getAsInt() : cols;
            try {
                writeTail(sink, rest, List.of(new MatrixAt(name, rows, c, dataOffset)));
                channel.force(true);
                channel.close();
                sealed = true;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write cache entry " + file, e);
            }
        }

        /** Atomically publishes a sealed entry; returns it as {@link #get} would. */
        public Bundle publish() {
            if (!sealed || done) {
                throw new IllegalStateException("entry " + file + (done ? " is already published" : " is not sealed"));
            }
            try {
                if (provenance != null) {
                    writeProvenance(file, provenance);
                }
                ContentStore.publish(tmp, file);
                done = true;
                return read(file, maxChunkValues, false);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write cache entry " + file, e);
            }
        }

        /** Discards the temp file unless published. */
        @Override
        public void close() {
            try {
                channel.close();
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot remove temp file " + tmp, e);
            }
        }
    }

    private static void publish(Path tmp, Path file) throws IOException {
        AtomicFiles.publish(tmp, file);
    }

    /** Where a matrix's values start in a store file. */
    private record MatrixAt(String name, int rows, int cols, long offset) {}

    static void write(Path file, Bundle bundle) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            Sink sink = new Sink(ch);
            sink.bytes(MAGIC);
            writeTail(sink, bundle, List.of());
            ch.force(true);
        }
    }

    /**
     * Writes the bundle's matrices (each 64-byte aligned, little-endian), then the directory (every
     * entry, sorted by type and name so equal bundles give equal bytes; ints and texts inline), the
     * directory's offset, and the SHA-256 of everything before it.
     */
    private static void writeTail(Sink sink, Bundle bundle, List<MatrixAt> streamed) throws IOException {
        Map<String, MatrixAt> at = new TreeMap<>();
        for (MatrixAt m : streamed) {
            at.put(m.name(), m);
        }
        for (var e : new TreeMap<>(bundle.matrices()).entrySet()) {
            sink.align();
            FeatureRows rows = e.getValue();
            at.put(e.getKey(), new MatrixAt(e.getKey(), rows.rows(), rows.cols(), sink.position()));
            sink.rows(rows);
        }
        Map<String, int[]> is = new TreeMap<>(bundle.ints());
        Map<String, List<String>> ts = new TreeMap<>(bundle.texts());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(at.size() + is.size() + ts.size());
        for (MatrixAt m : at.values()) {
            out.writeByte(MATRIX);
            out.writeUTF(m.name());
            out.writeInt(m.rows());
            out.writeInt(m.cols());
            out.writeLong(m.offset());
        }
        for (var e : is.entrySet()) {
            out.writeByte(INTS);
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().length);
            out.write(bigEndian(e.getValue())); // the bytes writeInt would write, in one copy
        }
        for (var e : ts.entrySet()) {
            out.writeByte(TEXTS);
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().size());
            for (String line : e.getValue()) {
                out.writeUTF(line.length() > 8000 ? line.substring(0, 8000) : line);
            }
        }
        out.flush();
        long directory = sink.position();
        sink.bytes(bytes.toByteArray());
        sink.bytes(ByteBuffer.allocate(8).putLong(directory).array());
        sink.finish();
    }

    /**
     * Reads an entry; matrices are mapped from the file in chunks of whole rows of at most
     * {@code maxChunkValues} values (never copied to the heap).
     *
     * @param verify check the checksum over the whole file first (a fresh write of our own skips it)
     */
    static Bundle read(Path file, long maxChunkValues, boolean verify) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < MAGIC.length + 8 + 32) {
                throw new IOException("file ends early (truncated): " + size + " bytes");
            }
            if (verify) {
                verifyChecksum(ch, size);
            }
            if (!Arrays.equals(readBytes(ch, 0, MAGIC.length), MAGIC)) {
                throw new IOException("not a lottery store file of format 2 (bad magic)");
            }
            long directory = ByteBuffer.wrap(readBytes(ch, size - 40, 8)).getLong();
            if (directory < MAGIC.length || directory > size - 40 || size - 40 - directory > Integer.MAX_VALUE - 8) {
                throw new IOException("directory offset " + directory + " is outside the file (" + size + " bytes)");
            }
            DataInputStream in = new DataInputStream(
                    new java.io.ByteArrayInputStream(readBytes(ch, directory, (int) (size - 40 - directory))));
            int n = in.readInt();
            Map<String, FeatureRows> ms = new LinkedHashMap<>();
            Map<String, int[]> is = new LinkedHashMap<>();
            Map<String, List<String>> ts = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                byte type = in.readByte();
                String name = in.readUTF();
                if (type == MATRIX) {
                    int rows = in.readInt();
                    int cols = in.readInt();
                    long offset = in.readLong();
                    long bytes = (long) rows * cols * 4;
                    if (rows < 0 || cols < 0 || offset < MAGIC.length || offset + bytes > directory) {
                        throw new IOException("matrix '" + name + "' claims " + rows + "x" + cols + " values at byte "
                                + offset + ", outside the data before the directory (byte " + directory + ")");
                    }
                    ms.put(name, map(ch, rows, cols, offset, maxChunkValues));
                } else if (type == INTS) {
                    int len = in.readInt();
                    if (len < 0 || (long) len * 4 > in.available()) {
                        throw new IOException("int array '" + name + "' claims " + len
                                + " values, more than the directory holds");
                    }
                    byte[] raw = new byte[len * 4];
                    in.readFully(raw);
                    int[] v = new int[len];
                    ByteBuffer.wrap(raw).asIntBuffer().get(v); // big-endian, as written
                    is.put(name, v);
                } else if (type == TEXTS) {
                    int len = in.readInt();
                    if (len < 0 || len > size) {
                        throw new IOException("text list '" + name + "' claims " + len + " lines, more than the file holds");
                    }
                    List<String> lines = new ArrayList<>(len);
                    for (int k = 0; k < len; k++) {
                        lines.add(in.readUTF());
                    }
                    ts.put(name, lines);
                } else {
                    throw new IOException("unknown entry type " + type);
                }
            }
            if (in.read() != -1) {
                throw new IOException("unexpected bytes after the directory");
            }
            return new Bundle(ms, is, ts);
        } catch (java.io.EOFException e) {
            throw new IOException("directory ends early (truncated)", e);
        }
    }

    /** Maps a matrix in chunks of whole rows, each one mapping of at most 2 GB. */
    private static FeatureRows map(FileChannel ch, int rows, int cols, long offset, long maxChunkValues)
            throws IOException {
        int chunkRows = FeatureRows.chunkRowsFor(cols, Math.min(maxChunkValues, Integer.MAX_VALUE / 4));
        int count = rows == 0 ? 0 : (int) ((rows + (long) chunkRows - 1) / chunkRows);
        java.nio.FloatBuffer[] chunks = new java.nio.FloatBuffer[count];
        for (int c = 0; c < count; c++) {
            long first = (long) c * chunkRows;
            long values = Math.min(chunkRows, rows - first) * cols;
            chunks[c] = values == 0 ? java.nio.FloatBuffer.allocate(0)
                    : ch.map(FileChannel.MapMode.READ_ONLY, offset + first * cols * 4, values * 4)
                            .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        }
        return new FeatureRows(rows, cols, chunkRows, chunks);
    }

    private static void verifyChecksum(FileChannel ch, long size) throws IOException {
        MessageDigest sha = sha256();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        long at = 0;
        long end = size - 32;
        while (at < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - at));
            int got = ch.read(buf, at);
            if (got < 0) {
                throw new IOException("file ends early (truncated)");
            }
            sha.update(buf.array(), 0, buf.position());
            at += got;
        }
        if (!Arrays.equals(sha.digest(), readBytes(ch, end, 32))) {
            throw new IOException("checksum mismatch (file truncated or modified)");
        }
    }

    /** {@code values} as {@link DataOutputStream#writeInt} writes them, one after the other. */
    private static byte[] bigEndian(int[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4);
        b.asIntBuffer().put(values);
        return b.array();
    }

    private static byte[] readBytes(FileChannel ch, long at, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, at + buf.position()) < 0) {
                throw new IOException("file ends early (truncated)");
            }
        }
        return buf.array();
    }

    /**
     * Writes a store file through one buffer: counts bytes (a file may exceed 2 GB) and hashes all
     * it writes, so the checksum costs no second pass.
     */
    private static final class Sink {
        private final FileChannel ch;
        private final MessageDigest sha = sha256();
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private long position;

        Sink(FileChannel ch) {
            this.ch = ch;
        }

        long position() {
            return position;
        }

        void bytes(byte[] b) throws IOException {
            for (int i = 0; i < b.length; ) {
                if (!buf.hasRemaining()) {
                    flush();
                }
                int take = Math.min(b.length - i, buf.remaining());
                buf.put(b, i, take);
                position += take;
                i += take;
            }
        }

        /** Pads with zeros to a multiple of 64 bytes, so mapped matrices start aligned. */
        void align() throws IOException {
            int pad = (int) ((64 - position % 64) % 64);
            bytes(new byte[pad]);
        }

        void floats(float[] values, int offset, int length) throws IOException {
            for (int i = 0; i < length; ) {
                if (buf.remaining() < 4) {
                    flush();
                }
                int take = Math.min(length - i, buf.remaining() / 4);
                buf.asFloatBuffer().put(values, offset + i, take);
                buf.position(buf.position() + take * 4);
                position += take * 4L;
                i += take;
            }
        }

        void rows(FeatureRows rows) throws IOException {
            int block = Math.max(1, (1 << 16) / Math.max(1, rows.cols()));
            float[] scratch = new float[Math.min(block, Math.max(1, rows.rows())) * rows.cols()];
            for (int start = 0; start < rows.rows(); start += block) {
                int count = Math.min(block, rows.rows() - start);
                rows.copyRows(start, count, java.nio.FloatBuffer.wrap(scratch), 0);
                floats(scratch, 0, count * rows.cols());
            }
        }

        private void flush() throws IOException {
            buf.flip();
            sha.update(buf.array(), 0, buf.limit());
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            buf.clear();
        }

        /** Flushes and appends the SHA-256 of everything written so far. */
        void finish() throws IOException {
            flush();
            ByteBuffer digest = ByteBuffer.wrap(sha.digest());
            while (digest.hasRemaining()) {
                ch.write(digest);
            }
        }
    }

    private static MessageDigest sha256() {
        return Digests.sha256();
    }

    /** A hex SHA-256 over the parts, each length-prefixed so that ("ab","c") and ("a","bc") differ. */
    public static String key(Object... parts) {
        MessageDigest sha = sha256();
        for (Object part : parts) {
            byte[] b = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(4).putInt(b.length).array());
            sha.update(b);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * An entry's text naming the entry that makes it redundant once that one exists ({@code kind},
     * {@code key}): a split's segments name its final features entry.
     */
    public static final String SUPERSEDED_BY = "superseded-by";

    /**
     * Removes what killed runs left behind, safely while other processes write to the store: temp
     * files whose writer is gone ({@link TempOwner#isStale}), entries whose superseding entry exists
     * (segments of a split whose final entry was committed) or that were abandoned for
     * {@link #ABANDONED_AGE} (segments of a split that never completed), and empty folders. Returns one line
     * per kind of file removed (also added to {@link #problems()}), empty when there was none.
     */
    public List<String> removeLeftovers() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        long[] temps = new long[2];
        long[] superseded = new long[2];
        List<Path> files;
        try (var walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return out; // a concurrent writer changed the tree under the walk: next run
        }
        for (Path p : files) {
            String name = p.getFileName().toString();
            if (name.endsWith(".tmp") && TempOwner.isStale(p)) {
                remove(p, temps);
            } else if (name.endsWith(".bin") && isSuperseded(p)) {
                remove(p, superseded);
                remove(provenanceBeside(p), new long[2]); // its text goes with it, not counted apart
            }
        }
        removeEmptyFolders(); // not worth a line: an empty folder holds no space
        if (temps[0] > 0) {
            out.add(root + ": removed " + temps[0] + " temp file(s) of killed runs (" + mib(temps[1]) + ")");
        }
        if (superseded[0] > 0) {
            out.add(root + ": removed " + superseded[0] + " entr(ies) made redundant by a completed one, or abandoned"
                    + " for " + ABANDONED_AGE.toDays() + " days (" + mib(superseded[1]) + "; segments of killed runs)");
        }
        problems.addAll(out);
        return out;
    }

    /**
     * How long an entry that names a superseding entry which never came (the segments of a split
     * whose data changed before it completed, e.g. a shard corrupted mid-run) is kept for a resume.
     */
    public static final java.time.Duration ABANDONED_AGE = java.time.Duration.ofDays(7);

    /** True when the entry's superseding entry exists, or never came and the entry is abandoned. */
    private boolean isSuperseded(Path file) {
        try {
            List<String> by = read(file, maxChunkValues, false).texts().get(SUPERSEDED_BY);
            if (by == null || by.size() != 2) {
                return false;
            }
            return Files.isRegularFile(pathOf(by.get(0), by.get(1))) || Files.getLastModifiedTime(file).toInstant()
                    .isBefore(java.time.Instant.now().minus(ABANDONED_AGE));
        } catch (IOException | RuntimeException e) {
            return false; // damaged or not ours: get() reports and removes damaged entries when they are asked for
        }
    }

    private static void remove(Path file, long[] countAndBytes) {
        try {
            long size = Files.size(file);
            if (Files.deleteIfExists(file)) {
                countAndBytes[0]++;
                countAndBytes[1] += size;
            }
        } catch (IOException e) {
            // removed concurrently, or not ours to remove
        }
    }

    /** Removes empty {@code <kind>/<xx>/} folders (a concurrent writer recreates its folder: see {@link #newTemp}). */
    private void removeEmptyFolders() {
        try (var kinds = Files.list(root)) {
            for (Path kind : kinds.filter(Files::isDirectory).toList()) {
                try (var prefixes = Files.list(kind)) {
                    for (Path dir : prefixes.filter(Files::isDirectory).toList()) {
                        try {
                            Files.delete(dir);
                        } catch (IOException e) {
                            // not empty, or removed concurrently
                        }
                    }
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort
        }
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /** Lists stale temp files (from killed writers) so a run can report them; they are never read. */
    public List<Path> leftoverTempFiles() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (var walk = Files.walk(root)) {
            walk.filter(p -> p.getFileName().toString().endsWith(".tmp")).forEach(out::add);
        } catch (IOException e) {
            // best effort listing
        }
        return out;
    }
}

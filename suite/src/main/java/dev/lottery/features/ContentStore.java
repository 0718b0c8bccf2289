package dev.lottery.features;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
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
 * The content-addressed cache for feature matrices and heads: {@code <root>/<kind>/<key[0:2]>/<key>.bin}.
 * <p>Each file ends with the SHA-256 of everything before it, so a file truncated or damaged by a
 * crash is detected, reported, removed and recomputed, never used. Writes go to a unique temp
 * file in the same directory, are synced, then atomically renamed: a reader (or a second process
 * writing the same key) sees either no file or a complete one.
 */
public final class ContentStore {

    private static final byte[] MAGIC = "LOTTERY-STORE-1\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte MATRIX = 1;
    private static final byte INTS = 2;
    private static final byte TEXTS = 3;

    private final Path root;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger misses = new AtomicInteger();

    public ContentStore(Path root) {
        this.root = root;
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

    public Optional<Bundle> get(String kind, String key) {
        Path file = pathOf(kind, key);
        try {
            Bundle b = read(file);
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
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), key + ".", ".tmp");
            try {
                write(tmp, bundle);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write cache entry " + file, e);
        }
    }

    static void write(Path file, Bundle bundle) throws IOException {
        MessageDigest sha = sha256();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                OutputStream raw = java.nio.channels.Channels.newOutputStream(ch);
                DigestOutputStream digest = new DigestOutputStream(new java.io.BufferedOutputStream(raw, 1 << 16), sha);
                DataOutputStream out = new DataOutputStream(digest)) {
            out.write(MAGIC);
            // sorted, so equal bundles give equal bytes
            Map<String, FeatureMatrix> ms = new TreeMap<>(bundle.matrices());
            Map<String, int[]> is = new TreeMap<>(bundle.ints());
            Map<String, List<String>> ts = new TreeMap<>(bundle.texts());
            out.writeInt(ms.size() + is.size() + ts.size());
            for (var e : ms.entrySet()) {
                out.writeByte(MATRIX);
                out.writeUTF(e.getKey());
                FeatureMatrix m = e.getValue();
                out.writeInt(m.rows());
                out.writeInt(m.cols());
                writeFloats(out, m.values());
            }
            for (var e : is.entrySet()) {
                out.writeByte(INTS);
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                for (int v : e.getValue()) {
                    out.writeInt(v);
                }
            }
            for (var e : ts.entrySet()) {
                out.writeByte(TEXTS);
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().size());
                for (String line : e.getValue()) {
                    out.writeUTF(line.length() > 8000 ? line.substring(0, 8000) : line);
                }
            }
            digest.on(false);
            out.write(sha.digest());
            out.flush();
            ch.force(true);
        }
    }

    static Bundle read(Path file) throws IOException {
        long size = Files.size(file);
        MessageDigest sha = sha256();
        try (InputStream raw = Files.newInputStream(file);
                DigestInputStream digest = new DigestInputStream(new java.io.BufferedInputStream(raw, 1 << 16), sha);
                DataInputStream in = new DataInputStream(digest)) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException("not a lottery store file (bad magic)");
            }
            int n = in.readInt();
            Map<String, FeatureMatrix> ms = new LinkedHashMap<>();
            Map<String, int[]> is = new LinkedHashMap<>();
            Map<String, List<String>> ts = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                byte type = in.readByte();
                String name = in.readUTF();
                if (type == MATRIX) {
                    int rows = in.readInt();
                    int cols = in.readInt();
                    long count = (long) rows * cols;
                    if (rows < 0 || cols < 0 || count * 4 > size) {
                        throw new IOException("matrix '" + name + "' claims " + rows + "x" + cols + " values, more than the file holds");
                    }
                    ms.put(name, new FeatureMatrix(rows, cols, readFloats(in, (int) count)));
                } else if (type == INTS) {
                    int len = in.readInt();
                    if (len < 0 || (long) len * 4 > size) {
                        throw new IOException("int array '" + name + "' claims " + len + " values, more than the file holds");
                    }
                    int[] v = new int[len];
                    for (int k = 0; k < len; k++) {
                        v[k] = in.readInt();
                    }
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
            digest.on(false);
            byte[] expected = sha.digest();
            byte[] found = in.readNBytes(32);
            if (!Arrays.equals(expected, found)) {
                throw new IOException("checksum mismatch (file truncated or modified)");
            }
            if (in.read() != -1) {
                throw new IOException("unexpected bytes after the checksum");
            }
            return new Bundle(ms, is, ts);
        } catch (java.io.EOFException e) {
            throw new IOException("file ends early (truncated)", e);
        }
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.BIG_ENDIAN);
        for (float v : values) {
            if (!buf.hasRemaining()) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putFloat(v);
        }
        out.write(buf.array(), 0, buf.position());
    }

    private static float[] readFloats(DataInputStream in, int count) throws IOException {
        float[] out = new float[count];
        byte[] chunk = new byte[1 << 16];
        int i = 0;
        while (i < count) {
            int want = Math.min(chunk.length, (count - i) * 4);
            in.readFully(chunk, 0, want);
            ByteBuffer.wrap(chunk, 0, want).asFloatBuffer().get(out, i, want / 4);
            i += want / 4;
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

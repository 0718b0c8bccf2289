package dev.lottery.backbone.checkpoint;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a checkpoint file into a tree of maps, lists and {@link RawTensor}s, without executing
 * anything in it. Formats: PyTorch's zip archive (torch >= 1.6: {@code <dir>/data.pkl} plus one
 * entry per storage), PyTorch's legacy stream (magic, protocol, sys info, the object, the storage
 * keys, then each storage as an int64 element count and raw bytes), a plain pickle (the BYOL
 * release: dill protocol 2, NumPy arrays in haiku mappings inside allow-listed NamedTuples, which
 * come out as {@link PickledObject}s; no storages), and a zip holding exactly one such checkpoint
 * (the OBoW release). The tar format of torch before 0.4 is rejected.
 */
public final class CheckpointReader {

    /** torch.serialization.MAGIC_NUMBER of the legacy format. */
    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final int LEGACY_PROTOCOL = 1001;

    private CheckpointReader() {}

    /**
     * The unpickled root object; tensors inside are {@link RawTensor}s, NumPy arrays included. A
     * TensorFlow checkpoint (see {@link TfBundle}) gives a map of its variables by name.
     */
    public static Object read(Path file) {
        if (TfBundle.isBundle(file)) {
            return TfBundle.readAll(file);
        }
        try {
            byte[] head = new byte[512];
            int n;
            try (InputStream in = Files.newInputStream(file)) {
                n = in.readNBytes(head, 0, head.length);
            }
            if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
                return readZip(file);
            }
            if (n > 262 && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar")) {
                throw new CheckpointException(file + ": a tar checkpoint (PyTorch before 0.4); re-save it with a"
                        + " recent torch.save");
            }
            if (n < 2 || (head[0] & 0xff) != 0x80) {
                throw new CheckpointException(file + ": not a PyTorch checkpoint or pickle (expected a zip archive"
                        + " or a pickle starting with 0x80, found 0x" + (n == 0 ? "(empty)"
                                : Integer.toHexString(head[0] & 0xff)) + ")");
            }
            return readPickleStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("reading checkpoint " + file, e);
        }
    }

    private static Object readZip(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<ZipEntry> entries = zip.stream().filter(e -> !e.isDirectory()).map(e -> (ZipEntry) e).toList();
            ZipEntry pkl = null;
            for (ZipEntry e : entries) {
                if (e.getName().endsWith("/data.pkl") || e.getName().equals("data.pkl")) {
                    if (pkl != null) {
                        throw new CheckpointException(file + ": two data.pkl entries (" + pkl.getName() + ", "
                                + e.getName() + ")");
                    }
                    pkl = e;
                }
            }
            if (pkl == null) {
                return readWrapped(file, zip, entries);
            }
            String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            ZipEntry order = zip.getEntry(prefix + "byteorder");
            if (order != null) {
                String text = new String(ZipEntries.read(zip, order, file)).trim();
                if (!text.equals("little")) {
                    throw new CheckpointException(file + ": byte order '" + text + "' is not supported (little only)");
                }
            }
            Map<String, byte[]> loaded = new HashMap<>();
            SafeUnpickler unpickler = new SafeUnpickler(file.toString(), key -> loaded.computeIfAbsent(key, k -> {
                ZipEntry e = zip.getEntry(prefix + "data/" + k);
                if (e == null) {
                    return null;
                }
                try {
                    return ZipEntries.read(zip, e, file);
                } catch (IOException ex) {
                    throw new UncheckedIOException(file + ": reading " + e.getName(), ex);
                }
            }));
            Object root;
            try (InputStream in = new java.io.ByteArrayInputStream(ZipEntries.read(zip, pkl, file))) {
                root = load(unpickler, in, file);
            }
            // Materialise every storage now, while the zip is open; the tree stays lazy-free afterwards.
            Map<String, byte[]> all = new HashMap<>();
            for (Storage s : unpickler.storages().values()) {
                all.put(s.key(), s.bytes());
            }
            return rebind(clean(root, file), all);
        }
    }

    /** A zip that is not a torch archive: accept it when it holds exactly one checkpoint file. */
    private static Object readWrapped(Path file, ZipFile zip, List<ZipEntry> entries) throws IOException {
        List<ZipEntry> inner = entries.stream()
                .filter(e -> !e.getName().startsWith("__MACOSX/"))
                .filter(e -> e.getName().matches(".*\\.(pth|pth\\.tar|pt|pkl|ckpt)"))
                .toList();
        if (inner.size() != 1) {
            List<String> names = entries.stream().map(ZipEntry::getName).limit(20).toList();
            throw new CheckpointException(file + ": a zip without data.pkl should hold exactly one checkpoint"
                    + " (.pth, .pth.tar, .pt, .pkl); found " + names);
        }
        Path tmp = Files.createTempFile("lottery-inner-", ".ckpt");
        try {
            try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp))) {
                ZipEntries.copy(zip, inner.get(0), out, file);
            }
            return read(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Object readPickleStream(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            Map<String, byte[]> data = new HashMap<>();
            SafeUnpickler first = new SafeUnpickler(file.toString(), data::get);
            Object head = load(first, in, file);
            if (!isLegacyMagic(head)) {
                // A plain pickle (e.g. the BYOL release): it must not refer to storages
                if (!first.storages().isEmpty()) {
                    throw new CheckpointException(file + ": a plain pickle that refers to tensor storages");
                }
                return clean(head, file);
            }
            Object protocol = load(new SafeUnpickler(file.toString(), data::get), in, file);
            if (!(protocol instanceof Number p) || p.intValue() != LEGACY_PROTOCOL) {
                throw new CheckpointException(file + ": legacy checkpoint protocol " + protocol + ", expected "
                        + LEGACY_PROTOCOL);
            }
            Object sysInfo = load(new SafeUnpickler(file.toString(), data::get), in, file);
            if (sysInfo instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian"))) {
                throw new CheckpointException(file + ": written on a big-endian machine; not supported");
            }
            SafeUnpickler main = new SafeUnpickler(file.toString(), data::get);
            Object root = load(main, in, file);
            Object keys = load(new SafeUnpickler(file.toString(), data::get), in, file);
            if (!(keys instanceof List<?> keyList)) {
                throw new CheckpointException(file + ": expected the list of storage keys after the object, found "
                        + keys);
            }
            for (Object k : keyList) {
                String key = String.valueOf(k);
                Storage s = main.storages().get(key);
                if (s == null) {
                    throw new CheckpointException(file + ": storage '" + key + "' is listed but never referenced");
                }
                long numel = Long.reverseBytes(in.readLong());
                if (numel < 0 || numel * s.dtype().bytes() > Integer.MAX_VALUE) {
                    throw new CheckpointException(file + ": storage '" + key + "' declares " + numel + " elements");
                }
                byte[] bytes = new byte[Math.toIntExact(numel * s.dtype().bytes())];
                in.readFully(bytes);
                data.put(key, bytes);
            }
            return clean(root, file);
        }
    }

    /** One pickle from the stream; anything malformed becomes a CheckpointException naming the file. */
    private static Object load(SafeUnpickler unpickler, InputStream in, Path file) throws IOException {
        try {
            return unpickler.load(in);
        } catch (CheckpointException | IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CheckpointException(file + ": malformed or unsupported pickle content (" + e + ")", e);
        }
    }

    private static boolean isLegacyMagic(Object o) {
        return o instanceof Number n && new BigInteger(n.toString()).equals(LEGACY_MAGIC);
    }

    /**
     * Nesting allowed in a checkpoint's object tree: a state dict is 2-3 levels deep, BYOL's
     * release about 6. A pickle can nest (or, through its memo, share and cycle) without bound in a
     * few bytes per level; past these limits it is refused, never walked into a StackOverflowError.
     */
    static final int MAX_DEPTH = 100;
    /** Objects visited in a checkpoint's tree (shared ones once per reference): bounds a memo-sharing blow-up. */
    static final int MAX_OBJECTS = 10_000_000;

    private static Object clean(Object o, Path file) {
        return clean(o, file, 0, new int[1]);
    }

    /** Replaces NumPy builders by their tensors; keeps maps ordered. */
    private static Object clean(Object o, Path file, int depth, int[] visited) {
        if (depth > MAX_DEPTH) {
            throw new CheckpointException(file + ": the pickle nests objects more than " + MAX_DEPTH
                    + " levels deep (or refers to itself); a checkpoint is a shallow tree, refusing it");
        }
        if (++visited[0] > MAX_OBJECTS) {
            throw new CheckpointException(file + ": the pickle's object tree has more than " + MAX_OBJECTS
                    + " objects; refusing it");
        }
        if (o instanceof SafeUnpickler.NumpyArray a) {
            return a.tensor();
        }
        if (o instanceof SafeUnpickler.NumpyDType d) {
            return d.toString();
        }
        if (o instanceof PickledObject p) {
            Map<String, Object> fields = new LinkedHashMap<>();
            p.fields().forEach((k, v) -> fields.put(k, clean(v, file, depth + 1, visited)));
            return new PickledObject(p.type(), fields);
        }
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, clean(v, file, depth + 1, visited)));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(clean(v, file, depth + 1, visited)));
            return out;
        }
        if (o instanceof Object[] t) {
            List<Object> out = new ArrayList<>();
            for (Object v : t) {
                out.add(clean(v, file, depth + 1, visited));
            }
            return out;
        }
        return o;
    }

    /** Points every tensor of a zip checkpoint at bytes already read (the zip is about to close). */
    private static Object rebind(Object o, Map<String, byte[]> data) {
        if (o instanceof RawTensor t) {
            Storage s = t.storage();
            return new RawTensor(new Storage(s.key(), s.dtype(), s.numel(), data::get), t.offset(), t.shape(),
                    t.stride());
        }
        if (o instanceof PickledObject p) {
            Map<String, Object> fields = new LinkedHashMap<>();
            p.fields().forEach((k, v) -> fields.put(k, rebind(v, data)));
            return new PickledObject(p.type(), fields);
        }
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, rebind(v, data)));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(rebind(v, data)));
            return out;
        }
        return o;
    }
}

package dev.lottery.backbone.checkpoint;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.CRC32C;
import org.tensorflow.proto.BundleEntryProto;
import org.tensorflow.proto.BundleHeaderProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorShapeProto;

/**
 * A TensorFlow V2 checkpoint ("tensor bundle", tensorflow/core/util/tensor_bundle): an index
 * {@code <prefix>.index} (a {@link TfTable} mapping "" to a {@code BundleHeaderProto} and each
 * variable name to a {@code BundleEntryProto}: dtype, shape, shard, offset, size, masked CRC32C)
 * and data shards {@code <prefix>.data-0000i-of-0000n} holding the raw little-endian bytes.
 *
 * <p>Found from any of the forms {@link TfBundleSource} accepts (a zip of the folder, the folder,
 * the {@code .index} file, the prefix). Only the variables asked for are read, shard by shard in
 * offset order, skipping the rest (optimizer slots make up most of a training checkpoint), and
 * each is checked against its CRC32C. Close it to release the zip.
 */
final class TfBundle implements Closeable {

    /** One variable as the index describes it; {@code dtype} null when this reader has no DType for it. */
    record Entry(String name, DataType tfType, DType dtype, long[] shape, int shard, long offset, long size,
            int crc32c, boolean sliced) {

        long numel() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public String toString() {
            return name + " " + tfType + Arrays.toString(shape);
        }
    }

    private static final String INDEX = TfBundleSource.INDEX;

    private final TfBundleSource source;
    private final Map<String, Entry> entries;
    private final int shards;

    private TfBundle(TfBundleSource source, Map<String, Entry> entries, int shards) {
        this.source = source;
        this.entries = entries;
        this.shards = shards;
    }

    /** True when {@code path} names a TensorFlow checkpoint in one of the forms {@link #open} accepts. */
    static boolean isBundle(Path path) {
        return TfBundleSource.isBundle(path);
    }
    /** Opens the bundle and reads its index; no tensor data is read yet. */
    static TfBundle open(Path path) {
        TfBundleSource source = null;
        try {
            source = TfBundleSource.locate(path);
            String where = source.describe() + TfBundleSource.INDEX;
            Map<String, byte[]> table = TfTable.read(source.index(), where);
            byte[] headerBytes = table.remove("");
            if (headerBytes == null) {
                throw new CheckpointException(where + ": no bundle header (the entry with the empty key); not a"
                        + " TensorFlow V2 checkpoint index");
            }
            BundleHeaderProto header = BundleHeaderProto.parseFrom(headerBytes);
            if (header.getEndianness() != BundleHeaderProto.Endianness.LITTLE) {
                throw new CheckpointException(where + ": written " + header.getEndianness()
                        + "-endian; only little-endian checkpoints are supported");
            }
            int shards = header.getNumShards();
            if (shards < 1) {
                throw new CheckpointException(where + ": header declares " + shards + " data shards");
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> e : table.entrySet()) {
                entries.put(e.getKey(), entry(e.getKey(), e.getValue(), shards, where));
            }
            TfBundle bundle = new TfBundle(source, entries, shards);
            source = null;
            return bundle;
        } catch (InvalidProtocolBufferException e) {
            throw new CheckpointException(path + ": malformed bundle header (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading TensorFlow checkpoint " + path, e);
        } finally {
            if (source != null) {
                try {
                    source.close();
                } catch (IOException ignored) {
                    // the error being thrown says more
                }
            }
        }
    }

    /**
     * Every variable of the bundle at {@code path} by name, in index order: a {@link RawTensor} for
     * the dtypes this reader knows, a text naming the dtype otherwise. Reads all the data (optimizer
     * slots included); {@link Checkpoints#load} reads only what its key map needs.
     */
    static Map<String, Object> readAll(Path path) {
        try (TfBundle bundle = open(path)) {
            List<String> known = bundle.entries.values().stream()
                    .filter(e -> e.dtype() != null && !e.sliced()).map(Entry::name).toList();
            Map<String, RawTensor> tensors = bundle.read(known);
            Map<String, Object> out = new LinkedHashMap<>();
            bundle.entries.values().forEach(e -> out.put(e.name(), tensors.containsKey(e.name())
                    ? tensors.get(e.name()) : "not read: " + e.tfType() + Arrays.toString(e.shape)
                            + (e.sliced() ? " in slices" : "")));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + path, e);
        }
    }

    /** Where the bundle is, as errors name it: the prefix path, or {@code zip!prefix}. */
    String describe() {
        return source.describe();
    }

    /** Every variable of the index, in index (name) order. */
    Map<String, Entry> entries() {
        return entries;
    }

    /**
     * The named variables as dense row-major tensors, read in one pass per shard. Each is checked
     * against its size and CRC32C; an error names the variable and the file.
     */
    Map<String, RawTensor> read(Collection<String> names) {
        return read(names, t -> t);
    }

    /**
     * As {@link #read(Collection)}, converting each tensor as soon as it is read, so its raw bytes
     * can go before the next one is read (peak memory: the converted results plus one tensor).
     */
    <T> Map<String, T> read(Collection<String> names, Function<RawTensor, T> convert) {
        List<Entry> wanted = new ArrayList<>();
        for (String n : names) {
            Entry e = entries.get(n);
            if (e == null) {
                throw new CheckpointException(describe() + INDEX + ": no variable '" + n + "'");
            }
            if (e.dtype() == null) {
                throw new CheckpointException(describe() + INDEX + ": variable '" + n + "' has dtype " + e.tfType()
                        + "; supported: DT_FLOAT, DT_HALF, DT_DOUBLE, DT_INT64");
            }
            if (e.sliced()) {
                throw new CheckpointException(describe() + INDEX + ": variable '" + n + "' is saved as partitioned"
                        + " slices; not supported");
            }
            if (e.size() != e.numel() * e.dtype().bytes()) {
                throw new CheckpointException(describe() + INDEX + ": variable '" + n + "' " + e.tfType()
                        + Arrays.toString(e.shape) + " declares " + e.size() + " bytes, expected "
                        + e.numel() * e.dtype().bytes());
            }
            wanted.add(e);
        }
        wanted.sort(Comparator.comparingInt(Entry::shard).thenComparingLong(Entry::offset));
        Map<String, T> out = new LinkedHashMap<>();
        try {
            int i = 0;
            while (i < wanted.size()) {
                int shard = wanted.get(i).shard();
                String file = source.describe() + shardSuffix(shard);
                try (InputStream in = source.shard(shard, shards)) {
                    long at = 0;
                    for (; i < wanted.size() && wanted.get(i).shard() == shard; i++) {
                        Entry e = wanted.get(i);
                        if (e.size() == 0) { // an empty tensor may share its offset with the next one
                            checkCrc(e, new byte[0], file);
                            out.put(e.name(), convert.apply(tensor(e, new byte[0])));
                            continue;
                        }
                        if (e.offset() < at) {
                            throw new CheckpointException(file + ": variable '" + e.name() + "' overlaps the"
                                    + " previous one (offset " + e.offset() + ")");
                        }
                        byte[] bytes = new byte[Math.toIntExact(e.size())];
                        try {
                            in.skipNBytes(e.offset() - at);
                            if (in.readNBytes(bytes, 0, bytes.length) < bytes.length) {
                                throw new EOFException();
                            }
                        } catch (EOFException eof) {
                            throw new CheckpointException(file + ": ends before variable '" + e.name() + "' (bytes "
                                    + e.offset() + ".." + (e.offset() + e.size()) + "); truncated?");
                        }
                        at = e.offset() + e.size();
                        checkCrc(e, bytes, file);
                        out.put(e.name(), convert.apply(tensor(e, bytes)));
                    }
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("reading " + source.describe(), ex);
        }
        Map<String, T> ordered = new LinkedHashMap<>();
        for (String n : names) {
            ordered.put(n, out.get(n));
        }
        return ordered;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    private static void checkCrc(Entry e, byte[] bytes, String file) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        int masked = TfTable.mask((int) crc.getValue());
        if (masked != e.crc32c()) {
            throw new CheckpointException(file + ": variable '" + e.name() + "' fails its CRC32C check (index says 0x"
                    + Integer.toHexString(e.crc32c()) + ", data gives 0x" + Integer.toHexString(masked)
                    + "); the checkpoint is corrupt");
        }
    }

    private static RawTensor tensor(Entry e, byte[] bytes) {
        Storage storage = new Storage(e.name(), e.dtype(), e.numel(), k -> bytes);
        return new RawTensor(storage, 0, e.shape(), RawTensor.contiguous(e.shape()));
    }

    private static Entry entry(String name, byte[] value, int shards, String where) {
        BundleEntryProto p;
        try {
            p = BundleEntryProto.parseFrom(value);
        } catch (InvalidProtocolBufferException ex) {
            throw new CheckpointException(where + ": malformed entry for variable '" + name + "' ("
                    + ex.getMessage() + ")", ex);
        }
        TensorShapeProto shapeProto = p.getShape();
        if (shapeProto.getUnknownRank()) {
            throw new CheckpointException(where + ": variable '" + name + "' has an unknown rank");
        }
        long[] shape = shapeProto.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
        for (long d : shape) {
            if (d < 0) {
                throw new CheckpointException(where + ": variable '" + name + "' has shape " + Arrays.toString(shape));
            }
        }
        if (p.getShardId() < 0 || p.getShardId() >= shards) {
            throw new CheckpointException(where + ": variable '" + name + "' is in shard " + p.getShardId() + " of "
                    + shards);
        }
        if (p.getOffset() < 0 || p.getSize() < 0) {
            throw new CheckpointException(where + ": variable '" + name + "' at offset " + p.getOffset() + ", size "
                    + p.getSize());
        }
        return new Entry(name, p.getDtype(), dtype(p.getDtype()), shape, p.getShardId(), p.getOffset(), p.getSize(),
                p.getCrc32C(), p.getSlicesCount() > 0);
    }

    private static DType dtype(DataType t) {
        return switch (t) {
            case DT_FLOAT -> DType.FLOAT32;
            case DT_HALF -> DType.FLOAT16;
            case DT_DOUBLE -> DType.FLOAT64;
            case DT_INT64 -> DType.INT64;
            default -> null;
        };
    }

    private String shardSuffix(int shard) {
        return TfBundleSource.shardSuffix(shard, shards);
    }
}

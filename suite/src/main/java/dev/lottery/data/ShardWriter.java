package dev.lottery.data;

import dev.lottery.io.AtomicFiles;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes a dataset as {@code <prefix>-%06d.tar.gz} shards of at most {@code maxPerShard} samples
 * plus {@code classes.txt}, in the layout {@link ShardDataset} reads.
 *
 * <p>Each shard is written to a {@code .partial} file and renamed when it is full or at
 * {@link #close()}, so no partial shard ever carries a final name; after a failed write the
 * open shard is discarded at close. Bytes are deterministic (entry mtime 0, uid/gid 0, empty
 * user/group names, mode 0644, gzip mtime 0, no gzip file name): regenerating gives identical files.
 */
public final class ShardWriter implements AutoCloseable {
    private final Path dir;
    private final String prefix;
    private final int maxPerShard;
    private final ClassList classes;
    private final List<Path> written = new ArrayList<>();
    private final Set<String> keysInShard = new HashSet<>();
    private TarArchiveOutputStream tar;
    private Path partial;
    private Path target;
    private int inShard;
    private int shardIndex;
    private boolean closed;
    private boolean broken;

    public ShardWriter(Path dir, String prefix, int maxPerShard, ClassList classes) throws IOException {
        if (maxPerShard < 1) {
            throw new IllegalArgumentException("expected maxPerShard >= 1, found " + maxPerShard);
        }
        if (prefix.isEmpty() || prefix.contains("/") || prefix.contains(".")) {
            throw new IllegalArgumentException("expected a shard prefix without '/' or '.', found '" + prefix + "'");
        }
        this.dir = dir;
        this.prefix = prefix;
        this.maxPerShard = maxPerShard;
        this.classes = classes;
        Files.createDirectories(dir);
        writeAtomically(dir.resolve("classes.txt"), classes.toText().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Adds one sample: {@code <key>.<imageExtension>} then {@code <key>.cls} (labels separated by
     * single spaces; empty for an empty label set).
     */
    public void write(String key, byte[] image, String imageExtension, int... labels) throws IOException {
        if (closed) {
            throw new IllegalStateException("shard writer for " + dir + " is closed");
        }
        if (key.isEmpty() || key.contains(".")) {
            throw new IllegalArgumentException("expected a sample key without '.', found '" + key + "'");
        }
        if (!Set.of("png", "jpg", "jpeg").contains(imageExtension)) {
            throw new IllegalArgumentException("expected image extension png, jpg or jpeg, found '" + imageExtension + "'");
        }
        for (int label : labels) {
            if (label < 0 || label >= classes.size()) {
                throw new IllegalArgumentException("sample " + key + ": expected a class index in [0, "
                        + classes.size() + "), found " + label);
            }
        }
        if (tar == null) {
            startShard();
        }
        if (!keysInShard.add(key)) {
            throw new IllegalArgumentException("sample key '" + key + "' written twice");
        }
        StringBuilder cls = new StringBuilder();
        for (int i = 0; i < labels.length; i++) {
            cls.append(i == 0 ? "" : " ").append(labels[i]);
        }
        try {
            addEntry(key + "." + imageExtension, image);
            addEntry(key + ".cls", cls.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            broken = true; // the shard may end mid-entry: close() discards it instead of renaming it
            throw e;
        }
        if (++inShard == maxPerShard) {
            finishShard();
        }
    }

    /** The shards completed so far, in order. */
    public List<Path> shards() {
        return List.copyOf(written);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (tar != null && broken) {
            try {
                tar.close();
            } catch (IOException e) {
                // expected: the archive has an unfinished entry; the write failure was already thrown
            } finally {
                tar = null;
                Files.deleteIfExists(partial);
            }
        } else if (tar != null) {
            finishShard();
        }
    }

    private void startShard() throws IOException {
        target = dir.resolve(String.format("%s-%06d.tar.gz", prefix, shardIndex++));
        partial = dir.resolve(target.getFileName() + ".partial");
        GzipParameters gz = new GzipParameters();
        gz.setCompressionLevel(Deflater.BEST_COMPRESSION);
        gz.setModificationTime(0);
        gz.setOperatingSystem(255); // "unknown": independent of the machine that generated it
        OutputStream out = new GzipCompressorOutputStream(
                new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16), gz);
        tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        inShard = 0;
        keysInShard.clear();
    }

    private void addEntry(String name, byte[] bytes) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        e.setModTime(0L);
        e.setMode(0100644);
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("");
        e.setGroupName("");
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private void finishShard() throws IOException {
        tar.finish();
        tar.close();
        tar = null;
        AtomicFiles.publish(partial, target);
        written.add(target);
    }

    /** Writes via a temp file in the same directory, then renames over the target. */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        AtomicFiles.write(target, target.resolveSibling(target.getFileName() + ".partial"), bytes);
    }
}

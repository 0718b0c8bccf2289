package dev.lottery.data;

import dev.lottery.io.Digests;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A WebDataset-style dataset: {@code classes.txt} plus tar shards ({@code *.tar}, {@code *.tar.gz})
 * read in file-name order. A sample is the run of consecutive entries sharing a key (the entry
 * path up to the first '.' of its file name): an image ({@code .png}, {@code .jpg}, {@code .jpeg})
 * and a {@code .cls} with one class index, or space-separated indices for a label set (possibly
 * empty). Other entries are ignored.
 *
 * <p>Shards are streamed, never unpacked to disk. A sample missing its image or its {@code .cls},
 * or with a bad {@code .cls}, goes to the {@link BadSamples} collector. A truncated or corrupt
 * shard: the samples before the damage have already been delivered, then a
 * {@link ShardFormatException} naming the shard is thrown (the rest of the dataset is not read).
 */
public final class ShardDataset implements SampleSource {
    private final Path dir;
    private final ClassList classes;
    private final List<Path> shards;
    private final BadSamples bad;

    private ShardDataset(Path dir, ClassList classes, List<Path> shards, BadSamples bad) {
        this.dir = dir;
        this.classes = classes;
        this.shards = shards;
        this.bad = bad;
    }

    /** Opens {@code dir}; bad samples of {@link #forEach(Consumer)} go to {@link #badSamples()}. */
    public static ShardDataset open(Path dir) throws IOException {
        return open(dir, new BadSamples());
    }

    public static ShardDataset open(Path dir, BadSamples bad) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("expected a dataset directory at " + dir + ", found none");
        }
        Path classesTxt = dir.resolve("classes.txt");
        if (!Files.isRegularFile(classesTxt)) {
            throw new IOException("dataset " + dir + ": expected classes.txt, found none");
        }
        return open(dir, ClassList.read(classesTxt), bad);
    }

    /**
     * Opens WebDataset shards whose {@code .cls} entries index {@code classes} (e.g. ImageNet shards,
     * which carry no classes.txt: their labels are the canonical sorted-wnid indices).
     */
    public static ShardDataset open(Path dir, ClassList classes, BadSamples bad) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("expected a dataset directory at " + dir + ", found none");
        }
        List<Path> shards;
        try (Stream<Path> files = Files.list(dir)) {
            shards = files.filter(ShardDataset::isShard)
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        }
        if (shards.isEmpty()) {
            throw new IOException("dataset " + dir + ": expected shards (*.tar or *.tar.gz), found none");
        }
        return new ShardDataset(dir, classes, shards, bad);
    }

    private static boolean isShard(Path p) {
        String name = p.getFileName().toString();
        return Files.isRegularFile(p) && (name.endsWith(".tar") || name.endsWith(".tar.gz"));
    }

    public Path dir() {
        return dir;
    }

    @Override
    public Path root() {
        return dir;
    }

    /** {@code shards} with a classes.txt (the pocket form), {@code webdataset} without. */
    @Override
    public String layout() {
        return Files.isRegularFile(dir.resolve("classes.txt")) ? "shards" : "webdataset";
    }

    @Override
    public ClassList classes() {
        return classes;
    }

    public List<Path> shards() {
        return shards;
    }

    /** The collector used by {@link #forEach(Consumer)}; each pass reports its bad samples again. */
    public BadSamples badSamples() {
        return bad;
    }

    /** Streams the good samples in shard order, then entry order; bad ones go to {@link #badSamples()}. */
    public void forEach(Consumer<Sample> sink) throws IOException {
        forEach(sink, bad);
    }

    /** Streams the good samples in shard order, then entry order; bad ones go to {@code badOut}. */
    @Override
    public void forEach(Consumer<Sample> sink, BadSamples badOut) throws IOException {
        forEach(sink, badOut, () -> { });
    }

    /** Tells {@code verified} after each shard read to its end, its gzip CRC included. */
    @Override
    public void forEach(Consumer<Sample> sink, BadSamples badOut, Runnable verified) throws IOException {
        for (Path shard : shards) {
            readShard(shard, sink, badOut);
            verified.run();
        }
    }

    /** Number of good samples (one full pass; bad samples are not counted and not reported). */
    @Override
    public int count() throws IOException {
        int[] n = {0};
        forEach(s -> n[0]++, new BadSamples());
        return n[0];
    }

    private void readShard(Path shard, Consumer<Sample> sink, BadSamples badOut) throws IOException {
        String source = shard.getFileName().toString();
        Grouper grouper = new Grouper(source, sink, badOut);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(shard), 1 << 16);
                InputStream in = source.endsWith(".gz") ? new GzipCompressorInputStream(raw) : raw;
                TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name())) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue;
                }
                byte[] bytes = tar.readAllBytes();
                if (bytes.length != entry.getSize()) {
                    throw new IOException("entry " + entry.getName() + " ends after " + bytes.length
                            + " of " + entry.getSize() + " bytes");
                }
                grouper.accept(entry.getName(), bytes);
            }
            // the tar ends before the gzip stream: read to the end, where the gzip CRC and size are checked
            in.transferTo(java.io.OutputStream.nullOutputStream());
            grouper.flush();
        } catch (ShardFormatException e) {
            throw e;
        } catch (IOException e) {
            // Exceptions from the sink are not IOExceptions and pass through unchanged.
            // an EOF from the gzip stream has no message: name its type instead of printing "null"
            throw new ShardFormatException("shard " + shard + " is truncated or corrupt after "
                    + grouper.delivered + " samples: " + (e.getMessage() != null ? e.getMessage()
                            : e.getClass().getSimpleName()), e);
        }
    }

    /** Collects consecutive entries with the same key into a sample. */
    private final class Grouper {
        private final String source;
        private final Consumer<Sample> sink;
        private final BadSamples badOut;
        private String key;
        private byte[] image;
        private byte[] cls;
        int delivered;

        Grouper(String source, Consumer<Sample> sink, BadSamples badOut) {
            this.source = source;
            this.sink = sink;
            this.badOut = badOut;
        }

        void accept(String name, byte[] bytes) {
            int slash = name.lastIndexOf('/');
            int dot = name.indexOf('.', slash + 1);
            String entryKey = dot < 0 ? name : name.substring(0, dot);
            String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
            if (!entryKey.equals(key)) {
                flush();
                key = entryKey;
            }
            switch (ext) {
                case "png", "jpg", "jpeg" -> {
                    if (image != null) {
                        badOut.add(source, key, "more than one image entry (extra: " + name + "); using the first");
                    } else {
                        image = bytes;
                    }
                }
                case "cls" -> cls = bytes;
                default -> { /* other WebDataset fields (json, txt, ...) are not used here */ }
            }
        }

        void flush() {
            if (key == null) {
                return;
            }
            String k = key;
            byte[] img = image;
            byte[] c = cls;
            key = null;
            image = null;
            cls = null;
            if (img == null) {
                badOut.add(source, k, "missing image entry (expected " + k + ".png, .jpg or .jpeg)");
                return;
            }
            if (c == null) {
                badOut.add(source, k, "missing label entry (expected " + k + ".cls)");
                return;
            }
            int[] labels;
            try {
                labels = parseLabels(new String(c, StandardCharsets.US_ASCII), classes.size());
            } catch (IllegalArgumentException e) {
                badOut.add(source, k, k + ".cls: " + e.getMessage());
                return;
            }
            delivered++;
            sink.accept(new Sample(source, k, img, labels));
        }
    }

    /** Parses space-separated class indices in [0, numClasses); an empty text is an empty label set. */
    static int[] parseLabels(String text, int numClasses) {
        String t = text.strip();
        if (t.isEmpty()) {
            return new int[0];
        }
        String[] parts = t.split("[\\s,]+");
        int[] labels = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            int v;
            try {
                v = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected an integer class index, found '" + parts[i] + "'");
            }
            if (v < 0 || v >= numClasses) {
                throw new IllegalArgumentException("expected a class index in [0, " + numClasses
                        + "), found " + v);
            }
            labels[i] = v;
        }
        return labels;
    }

    /**
     * SHA-256 over the sorted (shard name, size, sampled content) triples and the classes.txt
     * content: a shard is a few large files, so each is also hashed whole up to 4 MiB, else in 65
     * windows ({@link Digests#sampledSha256Hex}); bytes changed in place under the same name and size
     * change it (in a large shard: when they fall in a window). Cheap: 260 KiB read per large shard.
     */
    @Override
    public String quickFingerprint() throws IOException {
        MessageDigest md = Digests.sha256();
        for (Path shard : shards) {
            md.update((shard.getFileName() + "\t" + Files.size(shard) + "\t" + Digests.sampledSha256Hex(shard) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        md.update(classes.toText().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    /** SHA-256 over the shard names and full contents and the classes.txt content. */
    @Override
    public String fullFingerprint() throws IOException {
        MessageDigest md = Digests.sha256();
        byte[] buf = new byte[1 << 16];
        for (Path shard : shards) {
            md.update((shard.getFileName() + "\t" + Files.size(shard) + "\n").getBytes(StandardCharsets.UTF_8));
            try (InputStream in = new DigestInputStream(Files.newInputStream(shard), md)) {
                while (in.read(buf) >= 0) {
                    // digesting
                }
            }
        }
        md.update(classes.toText().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }
}

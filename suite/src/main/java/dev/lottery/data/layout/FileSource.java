package dev.lottery.data.layout;

import dev.lottery.io.Digests;
import dev.lottery.data.BadSamples;
import dev.lottery.data.ClassList;
import dev.lottery.data.Sample;
import dev.lottery.data.SampleSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * A split made of image files on disk. Subclasses enumerate (relative path, file, labels) entries
 * in a fixed order, one folder at a time so memory stays bounded; samples carry the path, and the
 * bytes are read when a worker thread asks for them.
 */
abstract class FileSource implements SampleSource {

    /** Receives the entries of a split in order. */
    interface EntrySink {
        /** A file with its labels; {@code rel} uses '/' whatever the platform. */
        void accept(String rel, Path file, int[] labels) throws IOException;

        /** A file that is part of the split but cannot be labelled; it is counted and reported. */
        void bad(String rel, Path file, String reason) throws IOException;
    }

    private final Path root;
    private final ClassList classes;
    private final String layout;

    FileSource(Path root, ClassList classes, String layout) {
        this.root = root;
        this.classes = classes;
        this.layout = layout;
    }

    /** Enumerates every file of the split, in a fixed order. */
    abstract void entries(EntrySink sink) throws IOException;

    /** Label files whose content is part of the fingerprints (ground truth, real.json, ...). */
    abstract List<Path> labelFiles();

    @Override
    public String layout() {
        return layout;
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public ClassList classes() {
        return classes;
    }

    String sourceName() {
        Path name = root.getFileName();
        return name == null ? root.toString() : name.toString();
    }

    @Override
    public void forEach(Consumer<Sample> sink, BadSamples bad) throws IOException {
        String source = sourceName();
        entries(new EntrySink() {
            @Override
            public void accept(String rel, Path file, int[] labels) {
                sink.accept(new Sample(source, rel, () -> Files.readAllBytes(file), labels));
            }

            @Override
            public void bad(String rel, Path file, String reason) {
                bad.add(source, rel, reason);
            }
        });
    }

    @Override
    public int count() throws IOException {
        int[] n = {0};
        entries(new EntrySink() {
            @Override
            public void accept(String rel, Path file, int[] labels) {
                n[0]++;
            }

            @Override
            public void bad(String rel, Path file, String reason) {
                // not delivered, so not counted
            }
        });
        return n[0];
    }

    @Override
    public String quickFingerprint() throws IOException {
        return fingerprint(false);
    }

    @Override
    public String fullFingerprint() throws IOException {
        return fingerprint(true);
    }

    private String fingerprint(boolean contents) throws IOException {
        MessageDigest md = Digests.sha256();
        md.update(("layout=" + layout + "\n").getBytes(StandardCharsets.UTF_8));
        EntrySink digest = new EntrySink() {
            @Override
            public void accept(String rel, Path file, int[] labels) throws IOException {
                add(rel, file);
            }

            @Override
            public void bad(String rel, Path file, String reason) throws IOException {
                add(rel, file);
            }

            private void add(String rel, Path file) throws IOException {
                md.update((rel + "\t" + Files.size(file)).getBytes(StandardCharsets.UTF_8));
                if (contents) {
                    md.update(("\t" + Digests.sha256Hex(file)).getBytes(StandardCharsets.UTF_8));
                }
                md.update((byte) '\n');
            }
        };
        entries(digest);
        // label files are small: always hashed by content
        for (Path f : labelFiles()) {
            md.update(("labels\t" + f.getFileName() + "\t" + Digests.sha256Hex(f) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        md.update(classes.toText().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    /** Regular, non-hidden files of a folder, sorted by name (String order of the file names). */
    static List<Path> sortedFiles(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        }
    }
}

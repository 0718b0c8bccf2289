package dev.lottery.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes that never leave a partial file (or folder) where a complete one is expected: the one
 * home of the temp-file-then-rename idiom (DESIGN.md: writes are atomic).
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes {@code text} (UTF-8) through a hidden, uniquely named temp file beside {@code file}. */
    public static void writeString(Path file, String text) throws IOException {
        viaTemp(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} through a hidden, uniquely named temp file beside {@code file} (safe for concurrent writers). */
    public static void write(Path file, byte[] bytes) throws IOException {
        viaTemp(file, tmp -> Files.write(tmp, bytes));
    }

    /** What fills a temp file before it is published. */
    @FunctionalInterface
    public interface Filler {
        void fill(Path tmp) throws IOException;
    }

    /**
     * Lets {@code filler} write a hidden, uniquely named temp file beside {@code file}, then
     * publishes it; the temp file is gone afterwards whatever happened.
     */
    public static void viaTemp(Path file, Filler filler) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            filler.fill(tmp);
            publish(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes {@code bytes} to the named temp file {@code tmp}, then publishes it as {@code file}; for
     * single-writer folders whose cleanup knows the temp name (e.g. {@code *.partial}).
     */
    public static void write(Path file, Path tmp, byte[] bytes) throws IOException {
        Files.write(tmp, bytes);
        publish(tmp, file);
    }

    /**
     * Renames a complete temp file over {@code target}, atomically where the file system can
     * (same folder: always), else with a plain replacing move.
     */
    public static void publish(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Renames {@code from} to {@code to} atomically and never otherwise: for folders that racing
     * writers claim, where a failure ({@link java.nio.file.FileSystemException}, e.g. a non-empty
     * folder already at {@code to}) tells the caller another writer won.
     */
    public static void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}

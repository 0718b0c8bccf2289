package dev.lottery.catalog;

import dev.lottery.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code suite/catalog/checkpoints.lock.csv}: the SHA-256 of every declared checkpoint artifact,
 * committed beside the declarations. A digest not yet known is written {@code unknown}
 * explicitly; the first {@code lottery fetch} records it (and says so). Columns:
 * {@code framework,file,sha256,bytes,recorded}.
 */
public final class LockFile {

    public static final String FILE_NAME = "checkpoints.lock.csv";
    public static final String UNKNOWN = "unknown";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final List<String> COLUMNS = List.of("framework", "file", "sha256", "bytes", "recorded");
    private static final String HEADER_COMMENT = """
            # SHA-256 of each declared checkpoint artifact (suite/catalog/frameworks.csv), one row per framework.
            # file: the name under <checkpoints>/<framework>/. sha256 'unknown' = not pinned yet: the first
            # `./lottery fetch` records the digest it downloaded (and reports it as recorded, not verified);
            # commit the file afterwards. A download whose digest differs from a pinned one is refused.
            """;

    private LockFile() {}

    /** One pinned (or explicitly unknown) artifact. */
    public record Entry(String framework, String file, String sha256, String bytes, String recorded, Where where) {
        public boolean known() {
            return !sha256.equals(UNKNOWN);
        }
    }

    public static Path path(Path home) {
        return Catalog.catalogDir(home).resolve(FILE_NAME);
    }

    /** Entries by framework; an absent file is an empty lock. Problems are added, not thrown. */
    static Map<String, Entry> read(Path file, List<String> problems) {
        Map<String, Entry> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        for (DeclarationFile.Row row : DeclarationFile.read(file, COLUMNS, problems)) {
            String sha = row.get("sha256");
            if (!sha.equals(UNKNOWN) && !SHA256.matcher(sha).matches()) {
                problems.add(row.where() + ": sha256 must be 64 lowercase hex digits or '" + UNKNOWN + "', found '"
                        + sha + "'");
            }
            Entry e = new Entry(row.get("framework"), row.get("file"), sha, row.optional("bytes"),
                    row.optional("recorded"), row.where());
            if (out.put(e.framework(), e) != null) {
                problems.add(row.where() + ": framework '" + e.framework() + "' is locked twice");
            }
        }
        return out;
    }

    /** The lock of a project, validated. */
    public static Map<String, Entry> read(Path home) {
        List<String> problems = new ArrayList<>();
        Map<String, Entry> out = read(path(home), problems);
        if (!problems.isEmpty()) {
            throw new CatalogException(problems);
        }
        return out;
    }

    /** The file's leading comment lines (kept on rewrite), or the default header for a new file. */
    private static String comments(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return HEADER_COMMENT;
            }
            StringBuilder out = new StringBuilder();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.startsWith("#")) {
                    break;
                }
                out.append(line).append('\n');
            }
            return out.length() > 0 ? out.toString() : HEADER_COMMENT;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /** Records a digest learnt on first fetch (replacing an 'unknown' row, or adding one); atomic rewrite. */
    public static void record(Path home, String framework, String file, String sha256, long bytes, String when) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        Map<String, Entry> entries = new LinkedHashMap<>(read(home));
        Entry old = entries.get(framework);
        if (old != null && old.known() && !old.sha256().equals(sha256)) {
            throw new IllegalStateException(old.where() + ": " + framework + " is pinned to " + old.sha256()
                    + "; refusing to replace it with " + sha256);
        }
        entries.put(framework, new Entry(framework, file, sha256, Long.toString(bytes), when, null));
        StringBuilder text = new StringBuilder(comments(path(home))).append(String.join(",", COLUMNS)).append('\n');
        for (Entry e : entries.values()) {
            text.append(String.join(",", e.framework(), e.file(), e.sha256(), e.bytes(), e.recorded())).append('\n');
        }
        Path target = path(home);
        try {
            AtomicFiles.writeString(target, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target, e);
        }
    }
}

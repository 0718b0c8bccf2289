package dev.lottery.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lottery.backbone.SavedModelProvenance;
import dev.lottery.features.CanonicalJson;
import dev.lottery.features.ContentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads a cache folder for people: its entries with kind, size and a one-line summary of their
 * provenance ({@code lottery cache list}), and one entry's provenance in full ({@code lottery cache
 * explain}). Never changes the cache.
 */
public final class CacheInspector {

    private static final String ENTRY = "[0-9a-f]{16,}\\.bin";
    private static final String MODEL = "resnet-[0-9a-f]{32}";

    private CacheInspector() {}

    /**
     * One stored entry: a store file, or a cached model's folder (named by its key's first 32 digits);
     * {@code provenance} is the text of {@code provenanceFile}, null for an entry stored without one.
     */
    public record Entry(String kind, String key, Path file, long bytes, Path provenanceFile, String provenance) {

        /** One line: what the entry was computed from. */
        public String summary() {
            return provenance == null ? "(no provenance: written by a version before provenance records; not used)"
                    : CacheInspector.summary(kind, CanonicalJson.parse(provenance).get("provenance"));
        }
    }

    /** Every entry under {@code cacheDir}, by kind and key. */
    public static List<Entry> list(Path cacheDir) {
        if (!Files.isDirectory(cacheDir)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(cacheDir, 3)) {
            walk.filter(p -> p.getFileName().toString().matches(ENTRY) && Files.isRegularFile(p)
                    && cacheDir.relativize(p).getNameCount() == 3).sorted().map(CacheInspector::entry).forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the cache " + cacheDir, e);
        }
        Path models = cacheDir.resolve(SavedModelProvenance.KIND);
        if (!Files.isDirectory(models)) {
            return out;
        }
        try (Stream<Path> list = Files.list(models)) {
            list.filter(p -> p.getFileName().toString().matches(MODEL) && Files.isDirectory(p)).sorted()
                    .map(CacheInspector::model).forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the cache " + cacheDir, e);
        }
    }

    /** The lines {@code cache list} prints: one per entry, then the total. */
    public static List<String> listing(Path cacheDir) {
        List<Entry> entries = list(cacheDir);
        List<String> out = new ArrayList<>();
        long total = 0;
        for (Entry e : entries) {
            out.add(String.format(Locale.ROOT, "%-16s %10s  %s  %s", e.kind(), size(e.bytes()), e.key().substring(0, 16),
                    e.summary()));
            total += e.bytes();
        }
        out.add(entries.size() + " entr" + (entries.size() == 1 ? "y" : "ies") + ", " + size(total) + " in " + cacheDir);
        return out;
    }

    /**
     * The text {@code cache explain} prints for an entry named by its key (or a unique prefix of at
     * least 6 hex digits), its {@code .bin} file or its provenance file.
     */
    public static String explain(Path cacheDir, String keyOrPath) {
        Entry e = find(cacheDir, keyOrPath);
        StringBuilder out = new StringBuilder();
        line(out, "entry", e.file().toString());
        line(out, "kind", e.kind());
        line(out, "size", size(e.bytes()));
        line(out, "key", e.key());
        Path text = e.provenanceFile();
        if (e.provenance() == null) {
            line(out, "provenance", "none at " + text + ": the entry was written by a version before provenance"
                    + " records, and this version's keys never find it (delete it, or the cache, to reclaim the space)");
            return out.toString();
        }
        String hash = CanonicalJson.sha256(e.provenance());
        line(out, "provenance", text + (hash.equals(e.key()) ? " (its SHA-256 is the key)"
                : hash.startsWith(e.key()) ? " (its SHA-256 starts with the key)"
                : " (its SHA-256 is " + hash + ", not the key: edited or damaged)"));
        JsonNode record = CanonicalJson.parse(e.provenance()).get("provenance");
        line(out, "summary", e.summary());
        JsonNode features = record.get("features");
        if (features != null) {
            String key = featuresKey(features);
            Path file = new ContentStore(cacheDir).pathOf(FeatureStage.KIND, key);
            line(out, "depends on", "features " + key + (Files.isRegularFile(file) ? " (stored)" : " (not stored)"));
        }
        out.append('\n').append(CanonicalJson.pretty(e.provenance())).append('\n');
        return out.toString();
    }

    private static Entry find(Path cacheDir, String keyOrPath) {
        Path given = Path.of(keyOrPath);
        Path modelDir = Files.isRegularFile(given) ? given.getParent() : given;
        if (modelDir != null && modelDir.getFileName() != null && modelDir.getFileName().toString().matches(MODEL)
                && Files.isDirectory(modelDir)) {
            return model(modelDir);
        }
        if (Files.isRegularFile(given)) {
            String name = given.getFileName().toString();
            Path bin = name.endsWith(ContentStore.PROVENANCE_SUFFIX) ? given.resolveSibling(
                    name.substring(0, name.length() - ContentStore.PROVENANCE_SUFFIX.length()) + ".bin") : given;
            if (!bin.getFileName().toString().matches(ENTRY) || bin.getParent() == null
                    || bin.getParent().getParent() == null) {
                throw new IllegalArgumentException(given + " is not a cache entry (<cache>/<kind>/<xx>/<key>.bin)"
                        + " or its provenance (<key>" + ContentStore.PROVENANCE_SUFFIX + ")");
            }
            return entry(bin);
        }
        String prefix = keyOrPath.toLowerCase(Locale.ROOT);
        if (!prefix.matches("[0-9a-f]{6,64}")) {
            throw new IllegalArgumentException("expected a cache key (at least 6 hex digits) or an entry's path, found '"
                    + keyOrPath + "'");
        }
        List<Entry> matches = list(cacheDir).stream().filter(e -> e.key().startsWith(prefix)).toList();
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("no entry with key " + prefix + (prefix.length() < 64 ? "..." : "")
                    + " in " + cacheDir + " (lottery cache list shows what is there)");
        }
        if (matches.size() > 1) {
            throw new IllegalArgumentException(matches.size() + " entries in " + cacheDir + " have keys starting with "
                    + prefix + ": " + matches.stream().map(m -> m.kind() + " " + m.key()).toList() + "; give more digits");
        }
        return matches.get(0);
    }

    private static Entry entry(Path bin) {
        String name = bin.getFileName().toString();
        String kind = bin.getParent().getParent().getFileName().toString();
        Path text = ContentStore.provenanceBeside(bin);
        try {
            return new Entry(kind, name.substring(0, name.length() - ".bin".length()), bin, Files.size(bin), text,
                    Files.isRegularFile(text) ? Files.readString(text) : null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cache entry " + bin, e);
        }
    }

    private static Entry model(Path dir) {
        Path text = dir.resolve(SavedModelProvenance.FILE);
        long bytes = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                bytes += Files.size(f);
            }
            return new Entry(SavedModelProvenance.KIND, dir.getFileName().toString().substring("resnet-".length()), dir,
                    bytes, text, Files.isRegularFile(text) ? Files.readString(text) : null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cached model " + dir, e);
        }
    }

    /** A record's one-line summary, by kind; an unknown kind is named as it is. */
    static String summary(String kind, JsonNode p) {
        return switch (kind) {
            case FeatureStage.KIND -> features(p);
            case Segmented.KIND -> "segment " + p.path("index").asInt() + " (" + p.path("size").asInt()
                    + " positions) of " + features(p.path("features"));
            case HeadProvenance.KIND -> "head " + p.path("routine").path("id").asText() + " seed "
                    + p.path("seed").asLong() + ", " + p.path("classes").asInt() + " classes, on features "
                    + abbrev(featuresKey(p.path("features"))) + " (" + backbone(p.path("features").path("backbone"))
                    + "), " + p.path("numericEnvironment").asText();
            case SavedModelProvenance.KIND -> "SavedModel of " + p.path("spec").asText() + ", weights "
                    + abbrev(p.path("weightsSha256").asText()) + ", " + p.path("graphFormat").asText();
            default -> kind + " entry";
        };
    }

    /** The key of the features a head or segment record names (the hash of their own record). */
    private static String featuresKey(JsonNode features) {
        return CanonicalJson.sha256(CanonicalJson.of(FeatureStage.KIND, features));
    }

    private static String features(JsonNode f) {
        JsonNode d = f.path("dataset");
        JsonNode e = f.path("engine");
        return "features of " + backbone(f.path("backbone")) + " on data " + d.path("fingerprintKind").asText() + ":"
                + abbrev(d.path("fingerprint").asText()) + ", preprocessing " + f.path("preprocessing").path("id").asText()
                + ", " + e.path("name").asText() + " " + e.path("version").asText();
    }

    private static String backbone(JsonNode b) {
        String kind = b.path("kind").asText();
        return switch (kind) {
            case "checkpoint" -> "checkpoint " + abbrev(b.path("checkpointSha256").asText()) + " (keymap "
                    + b.path("keymap").asText() + (b.has("padding") ? ", padding " + b.path("padding").asText() : "") + ")";
            case "random-resnet" -> "random " + b.path("topology").asText() + " (width " + b.path("width").asInt()
                    + ", init seed " + b.path("initSeed").asLong() + ")";
            default -> kind;
        };
    }

    private static String abbrev(String hex) {
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append(String.format(Locale.ROOT, "%-11s %s%n", name, value));
    }

    private static String size(long bytes) {
        return bytes < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}

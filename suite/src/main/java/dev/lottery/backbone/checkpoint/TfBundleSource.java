package dev.lottery.backbone.checkpoint;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Where a TensorFlow checkpoint's files are: the index bytes and sequential streams of its data
 * shards, on disk or inside a zip. Found from the {@code .index} file, a data shard, the prefix, a
 * folder holding a {@code checkpoint} state file (its {@code model_checkpoint_path}) or a single
 * {@code .index}, the state file itself, or a zip of such a folder (the SimCLR release).
 */
interface TfBundleSource extends Closeable {

    String INDEX = ".index";
    Pattern CHECKPOINT_PATH = Pattern.compile("(?m)^model_checkpoint_path:\\s*\"(.*)\"\\s*$");
    Pattern DATA_SHARD = Pattern.compile("(.*)\\.data-\\d{5}-of-\\d{5}");

    /** The prefix as errors name it: a path, or {@code zip!prefix-inside}. */
    String describe();

    byte[] index() throws IOException;

    /** A fresh sequential stream over one data shard (the caller closes it). */
    InputStream shard(int shard, int shards) throws IOException;

    /** {@code .data-00000-of-00001}: the suffix of a data shard after the prefix. */
    static String shardSuffix(int shard, int shards) {
        return String.format(".data-%05d-of-%05d", shard, shards);
    }

    /** True when {@code path} names a TensorFlow checkpoint in one of the forms {@link #locate} accepts. */
    static boolean isBundle(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (Files.isDirectory(path)) {
            return Files.isRegularFile(path.resolve("checkpoint")) || !indexFiles(path).isEmpty();
        }
        if (!Files.exists(path)) {
            return Files.isRegularFile(sibling(path, INDEX));
        }
        if (name.endsWith(INDEX) || DATA_SHARD.matcher(name).matches() || name.equals("checkpoint")) {
            return true;
        }
        if (!isZip(path)) {
            return false;
        }
        try (ZipFile zip = new ZipFile(path.toFile())) {
            return zip.stream().anyMatch(e -> e.getName().endsWith(INDEX))
                    && zip.stream().noneMatch(e -> e.getName().endsWith("data.pkl"));
        } catch (IOException e) {
            return false;
        }
    }

    /** The bundle {@code path} names; a zip stays open until the source is closed. */
    static TfBundleSource locate(Path path) throws IOException {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (Files.isDirectory(path)) {
            return onDisk(prefixInFolder(path));
        }
        if (!Files.exists(path)) {
            if (Files.isRegularFile(sibling(path, INDEX))) {
                return onDisk(path);
            }
            throw new CheckpointException("checkpoint " + path + " does not exist (nor " + sibling(path, INDEX) + ")");
        }
        if (name.endsWith(INDEX)) {
            return onDisk(path.resolveSibling(name.substring(0, name.length() - INDEX.length())));
        }
        Matcher shard = DATA_SHARD.matcher(name);
        if (shard.matches()) {
            return onDisk(path.resolveSibling(shard.group(1)));
        }
        if (name.equals("checkpoint")) {
            return onDisk(prefixInFolder(path.toAbsolutePath().getParent()));
        }
        if (isZip(path)) {
            return inZip(path);
        }
        throw new CheckpointException(path + ": not a TensorFlow checkpoint (expected a .index file, its prefix, a"
                + " folder holding one, or a zip of that folder)");
    }

    private static Path prefixInFolder(Path dir) throws IOException {
        Path state = dir.resolve("checkpoint");
        if (Files.isRegularFile(state)) {
            String base = checkpointBasename(Files.readString(state, StandardCharsets.UTF_8), state.toString());
            return dir.resolve(base);
        }
        List<Path> indexes = indexFiles(dir);
        if (indexes.size() != 1) {
            throw new CheckpointException(dir + ": expected a 'checkpoint' file or exactly one .index file, found "
                    + indexes.stream().map(p -> p.getFileName().toString()).toList());
        }
        String n = indexes.get(0).getFileName().toString();
        return dir.resolve(n.substring(0, n.length() - INDEX.length()));
    }

    private static List<Path> indexFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(INDEX) && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The prefix a {@code checkpoint} state file points at, as a name beside it: released folders
     * often record the training machine's absolute path (gs://...), which TensorFlow's own
     * {@code latest_checkpoint} would not find either once the folder has moved.
     */
    private static String checkpointBasename(String text, String where) {
        Matcher m = CHECKPOINT_PATH.matcher(text);
        if (!m.find()) {
            throw new CheckpointException(where + ": no model_checkpoint_path line (expected model_checkpoint_path:"
                    + " \"model.ckpt-N\")");
        }
        String value = m.group(1);
        return value.substring(value.lastIndexOf('/') + 1);
    }

    private static Path sibling(Path path, String suffix) {
        return path.resolveSibling(path.getFileName() + suffix);
    }

    private static boolean isZip(Path path) {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(head, 0, 4) == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }

    private static TfBundleSource onDisk(Path prefix) {
        return new TfBundleSource() {
            @Override
            public String describe() {
                return prefix.toString();
            }

            @Override
            public byte[] index() throws IOException {
                Path index = sibling(prefix, INDEX);
                if (!Files.isRegularFile(index)) {
                    throw new CheckpointException("TensorFlow checkpoint " + prefix + ": no index file " + index);
                }
                return Files.readAllBytes(index);
            }

            @Override
            public InputStream shard(int shard, int shards) throws IOException {
                Path data = sibling(prefix, shardSuffix(shard, shards));
                if (!Files.isRegularFile(data)) {
                    throw new CheckpointException("TensorFlow checkpoint " + prefix + ": missing data shard " + data);
                }
                return new BufferedInputStream(Files.newInputStream(data), 1 << 16);
            }

            @Override
            public void close() {}
        };
    }

    /** A zip of a checkpoint folder (e.g. ResNet50_1x.zip: ResNet50_1x/checkpoint, .index, .data-*, hub/). */
    private static TfBundleSource inZip(Path file) throws IOException {
        ZipFile zip = new ZipFile(file.toFile());
        try {
            String prefix = prefixInZip(zip, file);
            return new TfBundleSource() {
                @Override
                public String describe() {
                    return file + "!" + prefix;
                }

                @Override
                public byte[] index() throws IOException {
                    // the data shard's tensors carry their own CRC32C; the index is checked by its zip CRC-32
                    return ZipEntries.read(zip, entry(INDEX), file);
                }

                @Override
                public InputStream shard(int shard, int shards) throws IOException {
                    return new BufferedInputStream(zip.getInputStream(entry(shardSuffix(shard, shards))), 1 << 16);
                }

                private ZipEntry entry(String suffix) {
                    ZipEntry e = zip.getEntry(prefix + suffix);
                    if (e == null) {
                        throw new CheckpointException(file + ": no entry " + prefix + suffix);
                    }
                    return e;
                }

                @Override
                public void close() throws IOException {
                    zip.close();
                }
            };
        } catch (RuntimeException | IOException e) {
            zip.close();
            throw e;
        }
    }

    /**
     * The prefix inside a zip: named by a {@code checkpoint} state file whose index is present, or
     * else the one {@code .index} entry outside a SavedModel's {@code variables/} folder (the
     * SimCLR zips also carry a TF-Hub module, whose variables are a second bundle).
     */
    private static String prefixInZip(ZipFile zip, Path file) throws IOException {
        List<String> names = zip.stream().map(ZipEntry::getName).filter(n -> !n.startsWith("__MACOSX/")).toList();
        List<String> candidates = new ArrayList<>();
        for (String n : names) {
            if (n.equals("checkpoint") || n.endsWith("/checkpoint")) {
                String dir = n.substring(0, n.length() - "checkpoint".length());
                String text;
                try (InputStream in = zip.getInputStream(zip.getEntry(n))) {
                    text = new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8);
                }
                String prefix = dir + checkpointBasename(text, file + "!" + n);
                if (zip.getEntry(prefix + INDEX) != null) {
                    candidates.add(prefix);
                }
            }
        }
        if (candidates.isEmpty()) {
            for (String n : names) {
                if (n.endsWith(INDEX) && !n.endsWith("variables/variables.index")) {
                    candidates.add(n.substring(0, n.length() - INDEX.length()));
                }
            }
        }
        if (candidates.size() != 1) {
            throw new CheckpointException(file + ": expected one TensorFlow checkpoint in the zip (a 'checkpoint' file"
                    + " naming it, or a single .index entry), found " + (candidates.isEmpty() ? "none among "
                            + names.stream().limit(20).toList() : candidates));
        }
        return candidates.get(0);
    }
}

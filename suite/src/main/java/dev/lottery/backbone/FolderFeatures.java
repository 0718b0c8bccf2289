package dev.lottery.backbone;

import dev.lottery.data.BadImageException;
import dev.lottery.data.BadSample;
import dev.lottery.data.BadSamples;
import dev.lottery.data.ImageDecoder;
import dev.lottery.data.Preprocessing;
import dev.lottery.data.Preprocessor;
import dev.lottery.features.FeatureMatrix;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Features of every image under a folder, in sorted relative-path order: the work behind
 * {@code lottery extract}. Rows are written as a NumPy float32 [N, D] {@code .npy}; the relative
 * paths, one per row, to the sibling {@code .txt}.
 */
public final class FolderFeatures {

    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    private FolderFeatures() {}

    /**
     * The features (or logits) of the images and their relative paths (with '/' separators), row by
     * row; the images that could not be used (undecodable, unreadable, smaller than the crop) are
     * not rows: they are in {@code bad}, as a run counts, lists and skips them.
     */
    public record Result(FeatureMatrix features, List<String> paths, List<BadSample> bad) {
        public Result {
            paths = List.copyOf(paths);
            bad = List.copyOf(bad);
        }

        public Result(FeatureMatrix features, List<String> paths) {
            this(features, paths, List.of());
        }
    }

    /** Image files under {@code dir} (by extension), sorted by relative path. */
    public static List<String> imagePaths(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("image folder " + dir + " does not exist");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> IMAGE_EXTENSIONS.contains(extension(p)))
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir, e);
        }
    }

    /**
     * Runs {@code backbone} over the images in batches of up to {@code batchSize} images of equal
     * preprocessed shape; {@code logits} asks for the classifier's outputs instead of the features.
     */
    public static Result extract(Backbone backbone, Path dir, Preprocessing preprocessing, int batchSize,
            boolean logits) {
        List<String> paths = imagePaths(dir);
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no images (" + IMAGE_EXTENSIONS + ") under " + dir);
        }
        Preprocessor pre = new Preprocessor(preprocessing);
        List<float[]> rows = new ArrayList<>();
        int cols = -1;
        List<float[]> batch = new ArrayList<>();
        int[] shape = null;
        List<String> kept = new ArrayList<>();
        BadSamples bad = new BadSamples();
        for (String rel : paths) {
            BufferedImage img;
            float[] values;
            try {
                img = ImageDecoder.decodeRgb(Files.readAllBytes(dir.resolve(rel)));
                values = pre.apply(img);
            } catch (BadImageException | IllegalArgumentException e) {
                // the same reasons, and the same counting and skipping, as a run's ImagePipeline
                bad.add(dir.toString(), rel, e.getMessage());
                continue;
            } catch (IOException e) {
                bad.add(dir.toString(), rel, "unreadable: " + e);
                continue;
            }
            int[] s = {pre.outHeight(img.getHeight(), img.getWidth()), pre.outWidth(img.getHeight(), img.getWidth()),
                pre.channels()};
            if (shape != null && (!Arrays.equals(s, shape) || batch.size() == batchSize)) {
                cols = flush(backbone, batch, shape, logits, rows);
            }
            shape = s;
            batch.add(values);
            kept.add(rel);
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("none of the " + paths.size() + " images under " + dir
                    + " could be used; first: " + bad.list().get(0));
        }
        cols = flush(backbone, batch, shape, logits, rows);
        float[] values = new float[rows.size() * cols];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, values, i * cols, cols);
        }
        return new Result(new FeatureMatrix(rows.size(), cols, values), kept, bad.list());
    }

    private static int flush(Backbone b, List<float[]> batch, int[] shape, boolean logits, List<float[]> rows) {
        int n = batch.size();
        int per = shape[0] * shape[1] * shape[2];
        float[] nhwc = new float[n * per];
        for (int i = 0; i < n; i++) {
            System.arraycopy(batch.get(i), 0, nhwc, i * per, per);
        }
        FeatureMatrix m = logits ? b.logits(nhwc, n, shape[0], shape[1], shape[2])
                : b.extract(nhwc, n, shape[0], shape[1], shape[2]);
        for (int i = 0; i < n; i++) {
            rows.add(Arrays.copyOfRange(m.values(), i * m.cols(), (i + 1) * m.cols()));
        }
        batch.clear();
        return m.cols();
    }

    /** Writes {@code out} (.npy) and its sibling .txt of relative paths; returns the .txt path. */
    public static Path write(Result r, Path out) {
        String name = out.getFileName().toString();
        if (!name.endsWith(".npy")) {
            throw new IllegalArgumentException("--out must end in .npy, found " + out);
        }
        Path txt = out.resolveSibling(name.substring(0, name.length() - 4) + ".txt");
        try {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Npy.write(out, r.features());
            Files.write(txt, r.paths(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + out, e);
        }
        return txt;
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}

package dev.lottery.data.layout;

import dev.lottery.data.ClassList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Flat val images {@code ILSVRC2012_val_NNNNNNNN.JPEG} labelled through a per-image label map
 * (devkit ground truth or Kaggle CSV), or unlabelled when another source (ReaL) supplies labels.
 * Files in name order; label and documentation files at the root are skipped; any other file,
 * and an image the label file does not mention, is a bad sample.
 */
final class FlatSource extends FileSource {
    private static final Set<String> SKIPPED = Set.of("txt", "csv", "json", "md", "mat", "sh", "tar", "gz");

    private final Map<Integer, Integer> labels;
    private final Path labelFile;

    FlatSource(Path root, ClassList classes, Layout layout, Map<Integer, Integer> labels, Path labelFile) {
        super(root, classes, layout.id());
        this.labels = labels;
        this.labelFile = labelFile;
    }

    @Override
    void entries(EntrySink sink) throws IOException {
        for (Path f : sortedFiles(root())) {
            String name = f.getFileName().toString();
            if (Files.isDirectory(f) || SKIPPED.contains(extension(name))) {
                continue;
            }
            int n = ValFileName.number(name);
            if (n < 0) {
                sink.bad(name, f, "unexpected file in a flat val folder; expected ILSVRC2012_val_NNNNNNNN.JPEG");
                continue;
            }
            if (labels == null) {
                sink.accept(name, f, new int[0]);
                continue;
            }
            Integer label = labels.get(n);
            if (label == null) {
                sink.bad(name, f, "no label for image " + n + " in " + labelFile);
            } else {
                sink.accept(name, f, new int[] {label});
            }
        }
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    @Override
    List<Path> labelFiles() {
        return labelFile == null ? List.of() : List.of(labelFile);
    }
}

package dev.lottery.data.layout;

import dev.lottery.data.BadSamples;
import dev.lottery.data.SampleSource;
import dev.lottery.data.ShardDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one entry point that opens a split: it detects (or takes the declared) layout and returns
 * the matching {@link SampleSource}. Labels of ImageNet layouts are always indices into the
 * canonical sorted-wnid order, whatever subset of classes the split holds.
 */
public final class Datasets {
    /** How far above a flat val folder to look for Kaggle's CSV ({@code ILSVRC/Data/CLS-LOC/val} is 4 deep). */
    private static final int LABEL_SEARCH_LEVELS = 4;

    private Datasets() {}

    /** Opens a split that must match its declaration's class folders exactly (else {@link LayoutMismatchException}). */
    public static SampleSource open(SplitSpec spec) throws IOException {
        return open(spec, false).source();
    }

    /**
     * Opens as much of a split as can be read: a copy with declared class folders missing serves the
     * ones present (undeclared folders are skipped), and the difference is returned with it. Other
     * problems (no folder, an undetectable layout, a missing label file) still fail.
     */
    public static Opened openReadable(SplitSpec spec) throws IOException {
        return open(spec, true);
    }

    private static Opened open(SplitSpec spec, boolean partial) throws IOException {
        Path root = spec.root();
        if (!Files.isDirectory(root)) {
            throw new IOException("variant '" + spec.variant() + "': expected its images in the folder " + root
                    + ", found " + (Files.exists(root) ? "a file" : "nothing")
                    + " (set --data-root or LOTTERY_DATA, or override this variant's path)");
        }
        Layout layout = spec.layout() == Layout.AUTO ? detect(root, !spec.realLabels()) : spec.layout();
        if (layout == Layout.SHARDS) {
            return new Opened(ShardDataset.open(root, new BadSamples()), Optional.empty());
        }
        ImagenetClasses imagenet = classes(spec);
        FileSource files = switch (layout) {
            case WEBDATASET -> null;
            case WNID_FOLDERS, INDEX_FOLDERS -> FolderSource.open(root, layout, imagenet, spec.classSubset(), partial);
            case FLAT_DEVKIT, FLAT_KAGGLE -> flat(root, layout, imagenet, spec.realLabels());
            default -> throw new IllegalStateException("layout " + layout + " after detection");
        };
        if (layout == Layout.WEBDATASET) {
            if (spec.realLabels()) {
                throw new IOException("variant '" + spec.variant() + "': ReaL labels are matched by file name, which"
                        + " WebDataset shards do not keep; put the label sets in the shards' .cls entries instead");
            }
            return new Opened(ShardDataset.open(root, imagenet.wnids(), new BadSamples()), Optional.empty());
        }
        Optional<ClassFolderDifference> difference = files instanceof FolderSource f
                ? Optional.ofNullable(f.difference()) : Optional.empty();
        if (spec.realLabels()) {
            Path json = realJson(spec);
            return new Opened(new RealSource(files, RealLabels.read(json), json), difference);
        }
        return new Opened(files, difference);
    }

    private static ImagenetClasses classes(SplitSpec spec) throws IOException {
        if (spec.metaDir() == null) {
            throw new IOException("variant '" + spec.variant() + "': an ImageNet layout needs the class list "
                    + ImagenetClasses.WNIDS_FILE + ", but no folder holding it was given");
        }
        return ImagenetClasses.read(spec.metaDir());
    }

    /** real.json: the given file, else inside the root, else beside it. */
    static Path realJson(SplitSpec spec) {
        if (spec.realJson() != null) {
            return spec.realJson();
        }
        Path inside = spec.root().resolve("real.json");
        if (Files.isRegularFile(inside)) {
            return inside;
        }
        Path parent = spec.root().toAbsolutePath().normalize().getParent();
        return parent == null ? inside : parent.resolve("real.json");
    }

    private static FileSource flat(Path root, Layout layout, ImagenetClasses imagenet, boolean unlabelled)
            throws IOException {
        if (unlabelled) {
            return new FlatSource(root, imagenet.wnids(), layout, null, null);
        }
        String name = layout == Layout.FLAT_DEVKIT ? ValLabels.DEVKIT_FILE : ValLabels.KAGGLE_FILE;
        Path file = ValLabels.find(root, name, LABEL_SEARCH_LEVELS);
        if (file == null) {
            throw new LayoutMismatchException(root + ": layout " + layout.id() + " needs " + name
                    + " in this folder, in ILSVRC2012_devkit_t12/data/, or up to " + LABEL_SEARCH_LEVELS
                    + " folders above it; found none");
        }
        Map<Integer, Integer> labels = layout == Layout.FLAT_DEVKIT
                ? ValLabels.devkit(file, imagenet) : ValLabels.kaggle(file, imagenet);
        return new FlatSource(root, imagenet.wnids(), layout, labels, file);
    }

    /**
     * Detects the layout of {@code root}: classes.txt + shards; tar shards alone (WebDataset); wnid
     * folders; integer folders; flat val images with Kaggle's CSV, then with the devkit ground truth
     * (the order LAYOUTS.md gives). {@code needLabels} false accepts flat images without a label file.
     */
    public static Layout detect(Path root, boolean needLabels) throws IOException {
        int wnidDirs = 0;
        int indexDirs = 0;
        int otherDirs = 0;
        int shards = 0;
        int valImages = 0;
        int otherFiles = 0;
        List<String> examples = new ArrayList<>();
        boolean classesTxt = Files.isRegularFile(root.resolve("classes.txt"));
        for (Path p : FileSource.sortedFiles(root)) {
            String name = p.getFileName().toString();
            if (Files.isDirectory(p)) {
                if (Wnid.is(name)) {
                    wnidDirs++;
                } else if (FolderSource.parseIndex(name, 1000) >= 0) {
                    indexDirs++;
                } else {
                    otherDirs++;
                    if (examples.size() < 5) {
                        examples.add(name + "/");
                    }
                }
            } else if (name.endsWith(".tar") || name.endsWith(".tar.gz")) {
                shards++;
            } else if (ValFileName.number(name) > 0) {
                valImages++;
            } else {
                otherFiles++;
                if (examples.size() < 5) {
                    examples.add(name);
                }
            }
        }
        if (shards > 0 && classesTxt) {
            return Layout.SHARDS;
        }
        if (shards > 0 && wnidDirs == 0 && indexDirs == 0 && valImages == 0) {
            return Layout.WEBDATASET;
        }
        if (wnidDirs > 0 && wnidDirs >= indexDirs) {
            return Layout.WNID_FOLDERS;
        }
        if (indexDirs > 0) {
            return Layout.INDEX_FOLDERS;
        }
        if (valImages > 0) {
            if (ValLabels.find(root, ValLabels.KAGGLE_FILE, LABEL_SEARCH_LEVELS) != null) {
                return Layout.FLAT_KAGGLE;
            }
            if (ValLabels.find(root, ValLabels.DEVKIT_FILE, LABEL_SEARCH_LEVELS) != null || !needLabels) {
                return Layout.FLAT_DEVKIT;
            }
            throw new LayoutMismatchException(root + ": found " + valImages + " flat val images but no label file;"
                    + " expected " + ValLabels.KAGGLE_FILE + " or " + ValLabels.DEVKIT_FILE
                    + " in this folder, in ILSVRC2012_devkit_t12/data/, or up to " + LABEL_SEARCH_LEVELS
                    + " folders above it");
        }
        Path kaggle = root.resolve("ILSVRC").resolve("Data").resolve("CLS-LOC");
        throw new LayoutMismatchException(root + ": cannot detect the layout; expected wnid folders (n01440764/...),"
                + " integer folders (0/ .. 999/), flat ILSVRC2012_val_*.JPEG files, or tar shards; found "
                + (otherDirs + wnidDirs + indexDirs) + " folders and " + (otherFiles + shards + valImages) + " files"
                + (examples.isEmpty() ? "" : " (e.g. " + String.join(", ", examples) + ")")
                + (Files.isDirectory(kaggle) ? "; this looks like the Kaggle download: point the variant at "
                        + kaggle.resolve("train") + " or " + kaggle.resolve("val") : ""));
    }
}

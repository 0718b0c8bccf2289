package dev.lottery.data.layout;

import java.util.Arrays;
import java.util.Locale;

/** How a split is stored on disk. Declared in {@code variants.csv} ({@code layout} column) or detected. */
public enum Layout {
    /** Detect from the folder's content. */
    AUTO("auto"),
    /** {@code classes.txt} plus tar shards whose {@code .cls} index it (the pocket datasets). */
    SHARDS("shards"),
    /** WebDataset tar shards ({@code .jpg}/{@code .png} + {@code .cls}) indexing the sorted 1000 wnids. */
    WEBDATASET("webdataset"),
    /** One folder per class named by its wnid (train, val after valprep.sh, R, A, Sketch). */
    WNID_FOLDERS("wnid-folders"),
    /** One folder per class named by its sorted index, parsed as an integer (ImageNet-v2). */
    INDEX_FOLDERS("index-folders"),
    /** Flat {@code ILSVRC2012_val_*.JPEG} plus the devkit's {@code ILSVRC2012_validation_ground_truth.txt}. */
    FLAT_DEVKIT("flat-devkit"),
    /** Flat {@code ILSVRC2012_val_*.JPEG} plus Kaggle's {@code LOC_val_solution.csv}. */
    FLAT_KAGGLE("flat-kaggle");

    private final String id;

    Layout(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Layout of(String text) {
        String t = text == null || text.isBlank() ? "auto" : text.strip().toLowerCase(Locale.ROOT);
        for (Layout l : values()) {
            if (l.id.equals(t)) {
                return l;
            }
        }
        throw new IllegalArgumentException("expected a layout among "
                + Arrays.stream(values()).map(Layout::id).toList() + ", found '" + text + "'");
    }
}

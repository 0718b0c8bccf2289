package dev.lottery.catalog;

import dev.lottery.score.ScoringRule;
import java.nio.file.Path;

/**
 * One evaluation (or training) split of a dataset family: where its images are, how they are laid
 * out, how many samples the declaration promises, and the rule that scores it. {@code scoring} is
 * null for a training split.
 *
 * @param dir           the split's folder; when {@code underDataRoot}, a sub-path of the data root
 *                      (resolve it with {@link #dirUnder}), else already resolved against the declaration's folder
 * @param layout        declared layout id ({@code auto} = detect), see {@code dev.lottery.data.layout.Layout}
 * @param labels        {@code folder} (labels from the layout) or {@code real} (ReaL's real.json)
 * @param underDataRoot whether {@code dir} is relative to the data root (ImageNet) rather than the repository
 */
public record Variant(
        String id, Path dir, int expectedCount, ScoringRule scoring, String description, Where where,
        String layout, String labels, boolean underDataRoot, String sourceUrl, String licence) {

    /** A split inside the repository (the pocket datasets): layout detected, labels from the layout. */
    public Variant(String id, Path dir, int expectedCount, ScoringRule scoring, String description, Where where) {
        this(id, dir, expectedCount, scoring, description, where, "auto", "folder", false, "", "");
    }

    public boolean isScored() {
        return scoring != null;
    }

    /** Labels come from ReaL's real.json. */
    public boolean realLabels() {
        return labels.equals("real");
    }

    /** The folder holding the declaration file (and, for ImageNet, the wnid and ID files). */
    public Path declarationDir() {
        return where.file().toAbsolutePath().normalize().getParent();
    }

    /** The split's folder under {@code dataRoot} (or {@link #dir()} itself when it is not under the data root). */
    public Path dirUnder(Path dataRoot) {
        if (!underDataRoot) {
            return dir;
        }
        if (dataRoot == null) {
            throw new IllegalArgumentException(where + ": variant '" + id + "' lives under the data root (default"
                    + " sub-path '" + dir + "'); expected --data-root DIR or LOTTERY_DATA, found neither");
        }
        return dataRoot.resolve(dir).normalize();
    }

    /** The metric name expectations use for this variant's rule. */
    public String metric() {
        if (scoring == null) {
            return "none";
        }
        return scoring.metric();
    }
}

package dev.lottery.data.layout;

import java.nio.file.Path;

/**
 * What is needed to open one split.
 *
 * @param variant     the variant id, for messages
 * @param root        the split's folder
 * @param layout      declared layout, or {@link Layout#AUTO}
 * @param classSubset sorted 1000-class indices whose folders must exist (R, A), or null for all 1000
 * @param realLabels  labels come from ReaL's {@code real.json} (matched by file name), not the layout
 * @param realJson    the real.json to use, or null for {@code real.json} inside the root, else beside it
 * @param metaDir     the folder holding {@code imagenet1k_wnids.txt} and {@code imagenet1k_ilsvrc2012_ids.txt}
 */
public record SplitSpec(String variant, Path root, Layout layout, int[] classSubset, boolean realLabels,
        Path realJson, Path metaDir) {

    /** A pocket-style split: {@code classes.txt} plus shards. */
    public static SplitSpec shards(String variant, Path root) {
        return new SplitSpec(variant, root, Layout.SHARDS, null, false, null, null);
    }
}

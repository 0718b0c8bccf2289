package dev.lottery.run;

import dev.lottery.catalog.Variant;
import dev.lottery.data.layout.Layout;
import dev.lottery.data.layout.SplitSpec;
import java.nio.file.Path;
import java.util.Map;

/** Turns a variant's declaration plus the run's data options into what the data room needs to open it. */
public final class SplitLocator {
    private SplitLocator() {}

    /**
     * @param dataRoot  the data root (null = none given)
     * @param overrides per-variant folders that replace {@code dataRoot/<declared sub-path>}
     * @param realJson  ReaL labels file (null = default search)
     */
    public static SplitSpec spec(Variant v, Path dataRoot, Map<String, Path> overrides, Path realJson) {
        Path override = overrides == null ? null : overrides.get(v.id());
        Path root = override != null ? override : v.dirUnder(dataRoot);
        int[] subset = v.scoring() == null ? null : v.scoring().splitClasses();
        return new SplitSpec(v.id(), root, Layout.of(v.layout()), subset, v.realLabels(), realJson,
                v.declarationDir());
    }
}

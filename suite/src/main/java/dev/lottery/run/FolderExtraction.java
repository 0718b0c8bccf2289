package dev.lottery.run;

import dev.lottery.backbone.Backbone;
import dev.lottery.backbone.Backbones;
import dev.lottery.backbone.FolderFeatures;
import dev.lottery.backbone.Padding;
import dev.lottery.catalog.Catalog;
import dev.lottery.data.Preprocessing;
import dev.lottery.probe.Devices;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code lottery extract}: a checkpoint's features (or logits) of every image under a folder, written as
 * {@code .npy} plus a {@code .txt} of paths. Bad images are counted and listed, never fatal.
 */
public final class FolderExtraction {

    private FolderExtraction() {}

    /**
     * What to extract.
     *
     * @param padding    a {@link Padding} id, or null for what the file's format implies
     * @param preprocess a preprocessing id declared in {@code suite/catalog/preprocessing.csv}
     * @param cacheDir   where built models are cached (null = {@code <home>/.cache})
     */
    public record Request(Path checkpoint, String keymap, String padding, Path images, Path out, String preprocess,
            boolean logits, int batch, String device, Path cacheDir) {}

    /** What was written: rows x cols from the backbone {@code backboneId}, the paths file, and the images left out. */
    public record Written(FolderFeatures.Result result, String backboneId, Path paths) {}

    /** Validates the request against the declarations under {@code home}, extracts and writes. */
    public static Written extract(Path home, Request r) {
        Map<String, Preprocessing> declared = Catalog.preprocessing(home);
        Preprocessing p = declared.get(r.preprocess());
        if (p == null) {
            throw new IllegalArgumentException("unknown --preprocess '" + r.preprocess() + "'; declared: "
                    + declared.keySet());
        }
        Padding padding = null;
        if (r.padding() != null) {
            padding = Padding.of(r.padding());
            if (padding == null) {
                throw new IllegalArgumentException("unknown --padding '" + r.padding() + "'; expected one of "
                        + Padding.ids());
            }
        }
        Path models = (r.cacheDir() != null ? r.cacheDir() : home.resolve(".cache")).resolve("models");
        try (Backbone b = Backbones.open(r.checkpoint(), r.keymap(), padding, models, Devices.resolve(r.device()))) {
            FolderFeatures.Result result = FolderFeatures.extract(b, r.images(), p, Math.max(1, r.batch()), r.logits());
            return new Written(result, b.id(), FolderFeatures.write(result, r.out()));
        }
    }
}

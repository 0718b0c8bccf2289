package dev.lottery.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the ImageNet variants are: {@code --data-root} (else {@code LOTTERY_DATA}), per-variant overrides, real.json. */
final class DataOptions {

    @Option(names = "--data-root", description = "Folder holding the ImageNet variants at their default sub-paths"
            + " (datasets/imagenet/variants.csv, column dir). Default: $LOTTERY_DATA.")
    Path dataRoot;

    @Option(names = "--dataset-path", description = "Override one variant's folder: VARIANT=DIR (repeatable).")
    Map<String, Path> datasetPaths = new LinkedHashMap<>();

    @Option(names = "--real-json", description = "ReaL labels for imagenet-real (default: real.json inside the val"
            + " folder, else beside it).")
    Path realJson;

    /** The data root: the option, else LOTTERY_DATA, else null. */
    Path root() {
        if (dataRoot != null) {
            return dataRoot.toAbsolutePath().normalize();
        }
        String env = System.getenv("LOTTERY_DATA");
        return env == null || env.isBlank() ? null : Path.of(env).toAbsolutePath().normalize();
    }
}

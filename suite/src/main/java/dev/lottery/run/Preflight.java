package dev.lottery.run;

import java.io.UncheckedIOException;
import dev.lottery.catalog.BackboneKind;
import dev.lottery.backbone.checkpoint.Fetcher;
import dev.lottery.catalog.Framework;
import dev.lottery.catalog.Suite;
import dev.lottery.catalog.Variant;
import dev.lottery.backbone.ResNetSpec;
import dev.lottery.data.Preprocessing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything a run needs, checked before its first extraction, so that a bad fourth checkpoint
 * or a missing dataset stops it in seconds, not after three frameworks' work: each checkpoint
 * present and matching its pin, each split's declaration (layout, class folders, labels), and
 * free disk for the features still to extract. All problems are listed at once.
 */
final class Preflight {

    /** What the run may use: every checkpoint framework with its file's digest. */
    record Checked(Map<String, Framework> frameworks) {}

    private Preflight() {}

    static Checked check(Suite suite, Path home, RunOptions options, FeatureStage stage,
            Function<Variant, dev.lottery.data.layout.SplitSpec> where, long usableBytes) throws IOException {
        List<RuntimeException> problems = new ArrayList<>();
        Map<String, Framework> frameworks = new LinkedHashMap<>();
        for (Framework f : suite.frameworks()) {
            try {
                frameworks.put(f.id(), withLocalDigest(f, home, options.checkpointsDir()));
            } catch (RuntimeException e) {
                problems.add(e);
            }
        }
        boolean anyTraining = suite.frameworks().stream().anyMatch(f -> suite.routineOf(f) != null);
        List<Variant> splits = new ArrayList<>();
        if (anyTraining) {
            splits.add(suite.train());
        }
        splits.addAll(suite.variants());
        Map<String, FeatureStage.Opened> opened = new LinkedHashMap<>();
        for (Variant v : splits) {
            try {
                opened.put(v.id(), stage.open(v, where.apply(v), options.fullFingerprint()));
            } catch (RuntimeException e) {
                problems.add(e);
            } catch (IOException e) {
                problems.add(new java.io.UncheckedIOException(e.getMessage(), e));
            }
        }
        if (problems.isEmpty()) {
            String disk = disk(suite, frameworks, opened, splits, stage, options.cacheDir(), usableBytes);
            if (disk != null) {
                problems.add(new IllegalStateException(disk));
            }
        }
        if (problems.size() == 1) {
            throw problems.get(0); // as it is: its type says what kind of problem it is
        }
        if (!problems.isEmpty()) {
            throw new PreflightException(problems.stream().map(CauseChain::oneLine).toList());
        }
        return new Checked(frameworks);
    }

    /**
     * Null when the cache's disk holds the features still to extract (each split's declared count
     * times the backbone's feature width; a split's segments and its final file coexist while it is
     * joined, so the largest one counts twice); else what is missing. A width known only from the
     * data (pixels without a crop, an ONNX export) is not estimated.
     */
    static String disk(Suite suite, Map<String, Framework> frameworks, Map<String, FeatureStage.Opened> opened,
            List<Variant> splits, FeatureStage stage, Path cacheDir, long usableBytes) {
        long total = 0;
        long largest = 0;
        for (Framework f : suite.frameworks()) {
            Preprocessing prep = suite.preprocessingOf(f);
            long dim = featureDim(f, prep);
            Framework fd = frameworks.get(f.id());
            if (dim <= 0 || fd == null) {
                continue;
            }
            FeatureOrigin backbone = FeatureOrigin.of(fd, prep);
            for (Variant v : splits) {
                if (v == suite.train() && suite.routineOf(f) == null) {
                    continue;
                }
                FeatureStage.Opened o = opened.get(v.id());
                if (v.expectedCount() <= 0 || o == null || stage.stored(backbone, o, prep)) {
                    continue;
                }
                long bytes = v.expectedCount() * dim * Float.BYTES;
                total += bytes;
                largest = Math.max(largest, bytes);
            }
        }
        long needed = total + largest;
        if (needed <= usableBytes) {
            return null;
        }
        return "the cache " + cacheDir + " has " + gib(usableBytes) + " free, but the features still to extract"
                + " need about " + gib(needed) + " (each split's declared count x the feature width x 4 bytes, the"
                + " largest split twice while it is joined); free space or point --cache elsewhere";
    }

    private static long featureDim(Framework f, Preprocessing prep) {
        return switch (f.backbone()) {
            case PIXELS -> prep.crop() > 0 ? (long) prep.crop() * prep.crop() * prep.channels() : -1;
            case RANDOM_RESNET -> ResNetSpec.resnet50(f.width(), prep.channels()).featureDim();
            case CHECKPOINT -> f.checkpointUrl().endsWith(".onnx") || f.width() <= 0 ? -1
                    : ResNetSpec.resnet50(f.width(), prep.channels()).featureDim();
        };
    }

    /** Usable bytes on the file system that holds (or will hold) {@code dir}. */
    static long usableSpace(Path dir) throws IOException {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? Long.MAX_VALUE : Files.getFileStore(p).getUsableSpace();
    }

    private static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    /** The run cannot start: every problem found, one per line. */
    static final class PreflightException extends IllegalStateException {
        PreflightException(List<String> problems) {
            super("the run cannot start (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                    + " found before any work): " + String.join(" | ", problems));
        }
    }

    /**
     * For a checkpoint framework: hashes the local file, refuses it when the pinned digest differs,
     * and returns the declaration carrying the file's digest (the cache keys depend on it).
     */
    static Framework withLocalDigest(Framework f, Path home, Path checkpointsDir) {
        if (f.backbone() != BackboneKind.CHECKPOINT) {
            return f;
        }
        Path file = RunOptions.checkpointFile(home, checkpointsDir, f.id(), f.checkpointUrl());
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(f.where() + ": the checkpoint of '" + f.id() + "' is not at " + file
                    + "; run ./lottery fetch " + f.id() + " (or point --checkpoints / LOTTERY_CHECKPOINTS at it)");
        }
        String sha;
        try {
            sha = Fetcher.sha256(file);
        } catch (IOException e) {
            throw new UncheckedIOException("hashing " + file, e);
        }
        if (!f.sha256().isEmpty() && !f.sha256().equals(sha)) {
            throw new IllegalStateException(file + " has SHA-256 " + sha + " but " + f.id() + " is pinned to "
                    + f.sha256() + "; refusing it (never a silent fallback to other weights)");
        }
        return f.withSha256(sha);
    }
}

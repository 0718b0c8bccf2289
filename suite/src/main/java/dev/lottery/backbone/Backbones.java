package dev.lottery.backbone;

import ai.djl.Device;
import dev.lottery.backbone.checkpoint.Checkpoints;
import dev.lottery.backbone.checkpoint.KeyMap;
import dev.lottery.backbone.tensorflow.TensorFlowGraphs;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Factories for the backbones the suite measures. Network backbones are built and run through the
 * {@link GraphEngine} of {@link #graphs()} (the pixels backbone uses its arrays too); exports run on
 * the engine their format needs.
 */
public final class Backbones {

    /** The graph engine choice, made once: the TensorFlow adapter (probe.Engines makes the same choice for heads). */
    private static final GraphEngine GRAPHS = TensorFlowGraphs.INSTANCE;

    private Backbones() {}

    /** The graph engine every ResNet and pixels backbone runs on. */
    public static GraphEngine graphs() {
        return GRAPHS;
    }

    /**
     * DJL's name of the engine that computes a backbone's features: OnnxRuntime for an ONNX export,
     * the {@linkplain #graphs() graph engine} for everything else (pixels, our ResNet graph, SavedModels).
     */
    public static String engine(boolean onnx) {
        return onnx ? ExportedBackbone.Format.ONNX.engine : ExportedBackbone.Format.SAVED_MODEL.engine;
    }

    /** Pixels as features; the image shape is taken from the first batch. */
    public static Backbone pixels(Device device) {
        return new PixelsBackbone(GRAPHS.newManager(device), null);
    }

    /** Pixels as features for images of a fixed shape (so {@link Backbone#featureDim()} is known up front). */
    public static Backbone pixels(Device device, int height, int width, int channels) {
        return new PixelsBackbone(GRAPHS.newManager(device), new int[] {height, width, channels});
    }

    /** A ResNet from torchvision-named weights (strict: see {@link GraphEngine#writeModel}); the model is cached. */
    public static Backbone resNet(ResNetSpec spec, Map<String, WeightTensor> weights, Path cacheDir, Device device) {
        Path dir = GRAPHS.writeModel(spec, weights, cacheDir);
        String id = "resnet(" + shortSpec(spec) + ",weights=" + weightsDigest(weights).substring(0, 12) + ")";
        return new ResNetBackbone(id, spec, GRAPHS.load(dir, device));
    }

    /**
     * A ResNet-50-topology backbone from a published checkpoint, read and mapped with a declared key
     * map (see {@link dev.lottery.backbone.checkpoint.KeyMaps}); width and input channels come from
     * {@code conv1.weight}, the padding convention from the file's format (a TensorFlow checkpoint
     * keeps its framework's, see {@link Padding}). Fails closed: a missing, extra or misshapen key is an error.
     */
    public static Backbone checkpoint(Path file, String keymap, Path cacheDir, Device device) {
        return checkpoint(file, keymap, null, cacheDir, device);
    }

    /**
     * As {@link #checkpoint(Path, String, Path, Device)}, with the padding convention declared for this
     * one file ({@code padding} non-null) instead of the one its format implies: e.g. a network
     * trained in PyTorch but saved in byol-convert's layout.
     */
    public static Backbone checkpoint(Path file, String keymap, Padding padding, Path cacheDir, Device device) {
        KeyMap.Mapped mapped = Checkpoints.load(file, keymap);
        Map<String, WeightTensor> weights = mapped.weights();
        ResNetSpec spec = Checkpoints.resnet50Like(mapped);
        if (padding != null) {
            spec = spec.withPadding(padding);
        }
        Path dir = GRAPHS.writeModel(spec, weights, cacheDir);
        String id = "checkpoint(" + keymap + "," + shortSpec(spec) + ",weights=" + weightsDigest(weights).substring(0, 12)
                + ")";
        return new ResNetBackbone(id, spec, GRAPHS.load(dir, device));
    }

    /** An ONNX export (NCHW input {@code images}; outputs features, then optionally logits) on OnnxRuntime. */
    public static Backbone onnx(Path file, Device device) {
        return new ExportedBackbone("onnx(" + file.getFileName() + ")", file, ExportedBackbone.Format.ONNX, device);
    }

    /** A TensorFlow SavedModel (serving input {@code images} NHWC; outputs {@code features}, optionally {@code logits}). */
    public static Backbone savedModel(Path dir, Device device) {
        return new ExportedBackbone("savedmodel(" + dir.getFileName() + ")", dir, ExportedBackbone.Format.SAVED_MODEL,
                device);
    }

    /**
     * The backbone a path stands for: an {@code .onnx} file, a SavedModel directory, or a PyTorch
     * checkpoint read with {@code keymap}.
     */
    public static Backbone open(Path path, String keymap, Path cacheDir, Device device) {
        return open(path, keymap, null, cacheDir, device);
    }

    /** As {@link #open(Path, String, Path, Device)}; {@code padding} (null = the file's own) as in {@link #checkpoint}. */
    public static Backbone open(Path path, String keymap, Padding padding, Path cacheDir, Device device) {
        if (path.getFileName().toString().endsWith(".onnx")) {
            return onnx(path, device);
        }
        if (java.nio.file.Files.isRegularFile(path.resolve("saved_model.pb"))) {
            return savedModel(path, device);
        }
        if (keymap == null || keymap.isEmpty()) {
            throw new IllegalArgumentException(path + " is a PyTorch or TensorFlow checkpoint: --keymap is needed (one of "
                    + dev.lottery.backbone.checkpoint.KeyMaps.names() + ")");
        }
        return checkpoint(path, keymap, padding, cacheDir, device);
    }

    /** A ResNet with torchvision's random init from {@code seed}: the untrained baseline. */
    public static Backbone randomResNet(ResNetSpec spec, long seed, Path cacheDir, Device device) {
        Path dir = GRAPHS.writeModel(spec, HeInit.resnet(spec, seed), cacheDir);
        return new ResNetBackbone("random-resnet(" + shortSpec(spec) + ",seed=" + seed + ")", spec, GRAPHS.load(dir, device));
    }

    /** SHA-256 (hex) over sorted keys, shapes and float values. */
    public static String weightsDigest(Map<String, WeightTensor> weights) {
        return WeightsDigest.of("weights", weights);
    }

    /** "w=16", with blocks and channels only when they differ from resnet50's. */
    private static String shortSpec(ResNetSpec spec) {
        StringBuilder s = new StringBuilder();
        if (!Arrays.equals(spec.blocks(), ResNetSpec.resnet50().blocks())) {
            s.append("blocks=").append(Arrays.toString(spec.blocks()).replace(", ", "-").replaceAll("[\\[\\]]", "")).append(',');
        }
        s.append("w=").append(spec.baseWidth());
        if (spec.inChannels() != 3) {
            s.append(",in=").append(spec.inChannels());
        }
        if (spec.padding() != Padding.TORCH) {
            s.append(",padding=").append(spec.padding().id());
        }
        return s.toString();
    }
}

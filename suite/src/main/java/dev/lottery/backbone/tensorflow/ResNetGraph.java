package dev.lottery.backbone.tensorflow;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import dev.lottery.backbone.KeyFilter;
import dev.lottery.backbone.ModelSignature;
import dev.lottery.backbone.Padding;
import dev.lottery.backbone.ResNetSpec;
import dev.lottery.backbone.SavedModelProvenance;
import dev.lottery.backbone.WeightSpec;
import dev.lottery.backbone.WeightTensor;
import dev.lottery.backbone.WeightsDigest;
import dev.lottery.io.Digests;
import dev.lottery.io.AtomicFiles;
import dev.lottery.features.TempOwner;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Builds a torchvision ResNet (bottleneck, v1.5) as a TensorFlow graph from torchvision-named
 * weights, and writes it as a SavedModel that DJL's TensorFlow engine loads.
 *
 * <p>Graph: NHWC float32 input {@code images} [-1,-1,-1,C]; weights are constants (conv OIHW is
 * transposed to HWIO); padding follows {@link ResNetSpec#padding()}: for {@link Padding#TORCH}
 * explicit and symmetric as in PyTorch (never TF "SAME", which pads asymmetrically at stride 2),
 * the max pool padding with -inf; the TF conventions use the ops' native "SAME" padding where the
 * framework did (the stem pool, or every conv and the pool); outputs {@code features}
 * (global average pool) and, when {@code fc.*} is given, {@code logits}. Part of the backbone's
 * TensorFlow adapter: the rest of the suite builds and runs graphs through
 * {@link dev.lottery.backbone.GraphEngine} ({@link TensorFlowGraphs}).
 */
public final class ResNetGraph {

    public static final String INPUT = ModelSignature.INPUT;
    public static final String FEATURES = ModelSignature.FEATURES;
    public static final String LOGITS = ModelSignature.LOGITS;
    /** torchvision BatchNorm2d's default epsilon. */
    static final double BN_EPSILON = 1e-5;

    /** Changes whenever the graph built from the same weights would compute something different. */
    public static final String GRAPH_FORMAT = "lottery-resnet-graph/2"; // 2: batch norms folded into the convolutions
    private static final String SAVED_MODEL_FILE = "saved_model.pb";

    private ResNetGraph() {}

    /** Strict build: every expected key exactly once with its shape, and no other key. */
    public static GraphDef build(ResNetSpec spec, Map<String, WeightTensor> weights) {
        return build(spec, weights, Set.of());
    }

    /**
     * As {@link #build(ResNetSpec, Map)}, but keys matched by {@code ignored} are dropped first.
     * Patterns: {@code "prefix*"}, {@code "*suffix"}, or a key which also covers {@code key.*}.
     */
    public static GraphDef build(ResNetSpec spec, Map<String, WeightTensor> weights, Set<String> ignored) {
        Map<String, WeightTensor> used = checked(spec, weights, new KeyFilter(ignored));
        return new Assembly(spec, used).graph();
    }

    /** Writes (once) the SavedModel for these weights under {@code cacheDir}; returns its directory. */
    public static Path writeSavedModel(ResNetSpec spec, Map<String, WeightTensor> weights, Path cacheDir) {
        return writeSavedModel(spec, weights, Set.of(), cacheDir);
    }

    public static Path writeSavedModel(
            ResNetSpec spec, Map<String, WeightTensor> weights, Set<String> ignored, Path cacheDir) {
        Map<String, WeightTensor> used = checked(spec, weights, new KeyFilter(ignored));
        SavedModelProvenance provenance = new SavedModelProvenance(GRAPH_FORMAT, spec.canonical(),
                WeightsDigest.of("weights", used));
        Path target = cacheDir.resolve(provenance.folder());
        try {
            if (Files.isRegularFile(target.resolve(SAVED_MODEL_FILE))) {
                if (intact(target)) {
                    return target;
                }
                // damaged (or from before models carried their digest): rebuilt below, never loaded
                discard(target);
            }
            Files.createDirectories(cacheDir);
            removeStaleTemps(cacheDir);
            Path tmp = Files.createTempDirectory(cacheDir, ".tmp-" + target.getFileName() + TempOwner.current().tag());
            try {
                SavedModel model = savedModel(new Assembly(spec, used).graph(), used.containsKey("fc.weight"));
                try (OutputStream out = Files.newOutputStream(tmp.resolve(SAVED_MODEL_FILE))) {
                    model.writeTo(out);
                }
                Files.writeString(tmp.resolve(DIGEST_FILE), Digests.sha256Hex(tmp.resolve(SAVED_MODEL_FILE)) + "\n");
                // renamed with the model: a published folder always holds its provenance
                Files.writeString(tmp.resolve(SavedModelProvenance.FILE), provenance.canonical());
                AtomicFiles.rename(tmp, target);
            } catch (FileSystemException e) {
                // Another writer (thread or process) won the race: renaming onto its non-empty folder
                // fails (ENOTEMPTY surfaces as a plain FileSystemException). Keep theirs if complete.
                if (!Files.isRegularFile(target.resolve(SAVED_MODEL_FILE))) {
                    throw new IOException(target + " exists but holds no " + SAVED_MODEL_FILE
                            + " (a broken cache entry?); delete it to rebuild", e);
                }
            } finally {
                deleteRecursively(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing SavedModel for " + spec + " under " + cacheDir, e);
        }
        return target;
    }

    /** Beside saved_model.pb: its SHA-256, checked before every load (as the store checks its entries). */
    static final String DIGEST_FILE = "saved_model.pb.sha256";

    /** True when the model's saved_model.pb has the digest recorded when it was written. */
    private static boolean intact(Path modelDir) throws IOException {
        Path recorded = modelDir.resolve(DIGEST_FILE);
        if (!Files.isRegularFile(recorded)) {
            return false;
        }
        return Files.readString(recorded).strip().equals(Digests.sha256Hex(modelDir.resolve(SAVED_MODEL_FILE)));
    }

    /** Moves a damaged model folder out of the way (atomically, so a concurrent reader never sees half) and deletes it. */
    private static void discard(Path modelDir) throws IOException {
        Path aside = modelDir.resolveSibling(".tmp-damaged-" + modelDir.getFileName() + TempOwner.current().tag()
                + Long.toHexString(System.nanoTime()));
        try {
            AtomicFiles.rename(modelDir, aside);
        } catch (java.nio.file.NoSuchFileException e) {
            return; // a concurrent writer discarded it first
        }
        deleteRecursively(aside);
    }

    /** Removes temp folders of model writers that died (see {@link TempOwner#isStale}). */
    private static void removeStaleTemps(Path cacheDir) throws IOException {
        try (Stream<Path> list = Files.list(cacheDir)) {
            for (Path p : list.toList()) {
                if (p.getFileName().toString().startsWith(".tmp-") && TempOwner.isStale(p)) {
                    try {
                        deleteRecursively(p);
                    } catch (IOException e) {
                        // best effort: another process may be removing it too
                    }
                }
            }
        }
    }

    /** The weights minus ignored keys, after checking them against the spec. */
    static Map<String, WeightTensor> checked(ResNetSpec spec, Map<String, WeightTensor> weights, KeyFilter ignored) {
        Map<String, WeightTensor> candidates = new LinkedHashMap<>();
        weights.forEach((k, v) -> {
            if (!ignored.ignores(k)) {
                candidates.put(k, v);
            }
        });
        WeightTensor fcWeight = candidates.get("fc.weight");
        boolean withFc = fcWeight != null || candidates.containsKey("fc.bias");
        int numClasses = fcWeight != null && fcWeight.shape().length == 2 ? Math.toIntExact(fcWeight.shape()[0]) : 1;
        List<String> problems = new ArrayList<>();
        Map<String, WeightTensor> used = new LinkedHashMap<>();
        for (WeightSpec expected : spec.expectedWeights(withFc, numClasses)) {
            WeightTensor found = candidates.remove(expected.key());
            if (found == null) {
                problems.add("missing " + expected.key() + ": expected shape " + Arrays.toString(expected.shape()));
            } else if (!expected.matches(found.shape())) {
                problems.add("wrong shape for " + expected.key() + ": expected " + Arrays.toString(expected.shape())
                        + ", found " + Arrays.toString(found.shape()));
            } else {
                used.put(expected.key(), found);
            }
        }
        if (!candidates.isEmpty()) {
            List<String> extra = new ArrayList<>();
            candidates.forEach((k, v) -> extra.add(k + Arrays.toString(v.shape())));
            problems.add("unexpected keys (pass them as ignored to drop them): " + extra);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("weights do not fit " + spec + ": " + String.join("; ", problems));
        }
        return used;
    }

    private static SavedModel savedModel(GraphDef graph, boolean withLogits) {
        SignatureDef.Builder signature = SignatureDef.newBuilder()
                .setMethodName("tensorflow/serving/predict")
                .putInputs(INPUT, tensorInfo(INPUT, -1, -1, -1, -1));
        signature.putOutputs(FEATURES, tensorInfo(FEATURES, -1, -1));
        if (withLogits) {
            signature.putOutputs(LOGITS, tensorInfo(LOGITS, -1, -1));
        }
        MetaGraphDef meta = MetaGraphDef.newBuilder()
                .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags("serve"))
                .setGraphDef(graph)
                .putSignatureDef("serving_default", signature.build())
                .build();
        return SavedModel.newBuilder().setSavedModelSchemaVersion(1).addMetaGraphs(meta).build();
    }

    private static TensorInfo tensorInfo(String node, long... shape) {
        return TensorInfo.newBuilder()
                .setName(node + ":0")
                .setDtype(DataType.DT_FLOAT)
                .setTensorShape(GraphBuilder.shapeProto(shape))
                .build();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One pass over the topology, emitting nodes named after torchvision modules. */
    private static final class Assembly {
        private final ResNetSpec spec;
        private final Map<String, WeightTensor> w;
        private final GraphBuilder g = new GraphBuilder();

        Assembly(ResNetSpec spec, Map<String, WeightTensor> weights) {
            this.spec = spec;
            this.w = weights;
        }

        GraphDef graph() {
            String x = g.placeholder(INPUT, -1, -1, -1, spec.inChannels());
            x = g.relu("relu", convBn(x, "conv1", "bn1", 2, 3));
            x = spec.padding().samePool() ? g.maxPool("maxpool", x, 3, 2, true)
                    : g.maxPool("maxpool", g.padSpatialWith("maxpool/pad", x, 1, Float.NEGATIVE_INFINITY), 3, 2);
            int[] blocks = spec.blocks();
            for (int s = 0; s < blocks.length; s++) {
                for (int b = 0; b < blocks[s]; b++) {
                    int stride = b == 0 ? ResNetSpec.stageStride(s) : 1;
                    x = bottleneck(x, "layer" + (s + 1) + "." + b, stride, spec.hasDownsample(s, b));
                }
            }
            String features = g.identity(FEATURES, g.spatialMean("avgpool", x));
            if (w.containsKey("fc.weight")) {
                String fcW = constant("fc.weight");
                String fcB = constant("fc.bias");
                g.identity(LOGITS, g.biasAdd("fc", g.matMulTransposed("fc/matmul", features, fcW), fcB));
            }
            return g.build();
        }

        private String bottleneck(String x, String p, int stride, boolean downsample) {
            String out = g.relu(p + ".relu1", convBn(x, p + ".conv1", p + ".bn1", 1, 0));
            out = g.relu(p + ".relu2", convBn(out, p + ".conv2", p + ".bn2", stride, 1));
            out = convBn(out, p + ".conv3", p + ".bn3", 1, 0);
            String identity = downsample ? convBn(x, p + ".downsample.0", p + ".downsample.1", stride, 0) : x;
            return g.relu(p + ".relu3", g.add(p + ".add", out, identity));
        }

        /** {@code pad} is PyTorch's symmetric padding; under TF_SAME the conv pads 'SAME' instead. */
        private String convBn(String x, String conv, String bn, int stride, int pad) {
            boolean same = spec.padding().sameConvs();
            String input = pad > 0 && !same ? g.padSpatial(conv + "/pad", x, pad) : x;
            WeightTensor k = w.get(conv + ".weight");
            Folded folded = fold(k, w.get(bn + ".weight").values(), w.get(bn + ".bias").values(),
                    w.get(bn + ".running_mean").values(), w.get(bn + ".running_var").values());
            String filter = g.constant(conv + ".weight", hwioShape(k.shape()), folded.hwio());
            String y = g.conv2d(conv, input, filter, stride, same);
            return g.biasAdd(bn, y, g.constant(bn + ".bias", new long[] {folded.bias().length}, folded.bias()));
        }

        private String constant(String key) {
            WeightTensor t = w.get(key);
            return g.constant(key, t.shape(), t.values());
        }
    }

    /** A convolution with its batch norm folded in: HWIO filter and per-channel bias. */
    record Folded(float[] hwio, float[] bias) {}

    /**
     * Folds an inference-mode batch norm into the convolution before it: with
     * {@code s = gamma / sqrt(var + eps)}, {@code bn(conv(x, W)) = conv(x, W s) + (beta - mean s)}, the same
     * function as torchvision's eval mode (computed in double, rounded once to float). The graph then runs
     * Conv2D + BiasAdd, which TensorFlow fuses with the ReLU (and a residual add) into one kernel, instead of a
     * separate batch-norm pass over every activation.
     */
    static Folded fold(WeightTensor oihw, float[] gamma, float[] beta, float[] mean, float[] var) {
        int out = (int) oihw.shape()[0];
        float[] hwio = oihwToHwio(oihw);
        double[] scale = new double[out];
        float[] bias = new float[out];
        for (int c = 0; c < out; c++) {
            scale[c] = gamma[c] / Math.sqrt(var[c] + BN_EPSILON);
            bias[c] = (float) (beta[c] - mean[c] * scale[c]);
        }
        for (int i = 0; i < hwio.length; i++) {
            hwio[i] = (float) (hwio[i] * scale[i % out]); // HWIO: the output channel varies fastest
        }
        return new Folded(hwio, bias);
    }

    private static long[] hwioShape(long[] oihw) {
        return new long[] {oihw[2], oihw[3], oihw[1], oihw[0]};
    }

    /** PyTorch conv weights are [out, in, kh, kw]; TF's Conv2D wants [kh, kw, in, out]. */
    static float[] oihwToHwio(WeightTensor t) {
        long[] s = t.shape();
        int o = (int) s[0], in = (int) s[1], kh = (int) s[2], kw = (int) s[3];
        float[] src = t.values();
        float[] dst = new float[src.length];
        for (int a = 0; a < o; a++) {
            for (int b = 0; b < in; b++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        dst[((y * kw + x) * in + b) * o + a] = src[((a * in + b) * kh + y) * kw + x];
                    }
                }
            }
        }
        return dst;
    }
}

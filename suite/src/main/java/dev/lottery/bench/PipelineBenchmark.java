package dev.lottery.bench;

import dev.lottery.backbone.Backbone;
import dev.lottery.backbone.Backbones;
import dev.lottery.backbone.ResNetSpec;
import dev.lottery.data.BadSamples;
import dev.lottery.data.ImagePipeline;
import dev.lottery.data.SampleSource;
import dev.lottery.data.Segments;
import dev.lottery.data.layout.Datasets;
import dev.lottery.data.layout.Layout;
import dev.lottery.data.layout.SplitSpec;
import dev.lottery.probe.Devices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Images per second of the whole extraction (files on disk in wnid folders -> read, decode,
 * preprocess on the worker pool -> ResNet-50 features) against the backbone alone on the same
 * images already preprocessed. The ratio {@code pipeline / backboneAlone} says whether the data
 * side starves the model (target: at least 0.9). Needs {@code -Dlottery.home} (for the class list)
 * and the TensorFlow natives, as {@code ./lottery bench} passes them.
 *
 * <p>{@code transform=augmented} runs the pipeline as an epoch of the augmented protocol does
 * (RandomResizedCrop 224 + flip, each invocation a new epoch, so new boxes); the default is
 * {@code center} only, since augmented doubles the run: select it with
 * {@code ./lottery bench --include PipelineBenchmark -- -p transform=center,augmented}
 * (or {@code tools/bench/augmented-throughput.sh}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(PipelineBenchmark.IMAGES)
@Fork(1)
@Warmup(iterations = 1, time = 20)
@Measurement(iterations = 3, time = 30)
public class PipelineBenchmark {
    static final int IMAGES = 32;
    private static final int BATCH = 16;

    /**
     * Decode workers; the backbone's own threads come from TensorFlow. Measured on a 2-core CPU
     * (ResNet-50, width 64): 1 worker 15.5 img/s vs backbone alone 15.9 (ratio 0.97); 2 workers 14.3
     * vs 16.8 (0.86): a second worker competes with TensorFlow for the two cores.
     */
    @Param({"1", "2"})
    public int threads;

    /** The backbone's device: auto (a GPU when the engine sees one), cpu or gpu. */
    @Param({"auto"})
    public String device;

    /** What the workers do to each image: {@code center} (test time) or {@code augmented} (a new epoch per invocation). */
    @Param({"center"})
    public String transform;

    /** The transform's interpolation. */
    @Param({"bilinear"})
    public String interpolation;

    /** ResNet-50 base width (64 = the real ResNet-50). */
    @Param({"64"})
    public int width;

    private Path dir;
    private Backbone net;
    private SampleSource source;
    private List<float[]> batches;
    private long epoch;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("lottery-pipeline-bench-");
        Path classDir = dir.resolve("images").resolve("n01440764");
        Files.createDirectories(classDir);
        for (int i = 0; i < IMAGES; i++) {
            byte[] jpeg = i % 2 == 0 ? SyntheticJpegs.jpeg(500, 375, i) : SyntheticJpegs.jpeg(375, 500, i);
            Files.write(classDir.resolve(String.format("n01440764_%d.JPEG", i)), jpeg);
        }
        Path home = Path.of(System.getProperty("lottery.home", "."));
        source = Datasets.open(new SplitSpec("bench", dir.resolve("images"), Layout.WNID_FOLDERS, new int[] {0}, false,
                null, home.resolve("datasets").resolve("imagenet")));
        net = Backbones.randomResNet(ResNetSpec.resnet50(width, 3), 0, dir.resolve("models"),
                Devices.resolve(device));
        batches = new ArrayList<>();
        ImagePipeline.run(source, AugmentBenchmark.transform(transform, interpolation, epoch++), BATCH, threads,
                new BadSamples(), b -> batches.add(b.nhwc()), Segments.NONE);
    }

    @Benchmark
    public int pipeline() throws Exception {
        int[] dim = {0};
        // a new stream per invocation, as each training epoch draws new boxes (center ignores it)
        ImagePipeline.run(source, AugmentBenchmark.transform(transform, interpolation, epoch++), BATCH, threads,
                new BadSamples(), b -> dim[0] += net.extract(b.nhwc(), b.n(), 224, 224, 3).cols(), Segments.NONE);
        return dim[0];
    }

    @Benchmark
    public int backboneAlone() {
        int dim = 0;
        for (float[] b : batches) {
            dim += net.extract(b, b.length / (224 * 224 * 3), 224, 224, 3).cols();
        }
        return dim;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        net.close();
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

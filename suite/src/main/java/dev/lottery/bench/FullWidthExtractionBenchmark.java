package dev.lottery.bench;

import ai.djl.Device;
import dev.lottery.backbone.Backbone;
import dev.lottery.backbone.Backbones;
import dev.lottery.backbone.ResNetSpec;
import dev.lottery.features.FeatureMatrix;
import dev.lottery.report.NumericEnvironment;
import dev.lottery.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Images per second of feature extraction at paper scale on the CPU (issue 15): the full-width
 * ResNet-50 ({@code ResNetSpec.resnet50(64, 3)}: blocks [3, 4, 6, 3], stem width 64, RGB, as
 * torchvision's {@code resnet50}) built as the suite's TensorFlow graph and run through
 * {@link Backbone#extract}, on a batch of 64 random 224x224x3 NHWC float images, 2048-d pooled
 * features out. The weights are the random He init of {@code random-resnet} (they do not change the
 * speed). Only the forward pass is timed: the model is built, written and loaded in the trial's setup.
 *
 * <p>The PyTorch side of the same work (torchvision {@code resnet50()}, {@code fc = Identity},
 * batch 64, same thread count) and the ratio are {@code tools/bench/extraction-vs-pytorch.sh}. The
 * engine's intra-op threads come from {@code -Dai.djl.tensorflow.num_intraop_threads} (unset: all
 * the cores); {@code ./lottery bench} forks inherit its JVM flags, and JMH's {@code -jvmArgsAppend}
 * after {@code --} adds to them, as the script does. The values in force are printed at setup.
 * Run alone: {@code ./lottery bench --include FullWidthExtractionBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(FullWidthExtractionBenchmark.BATCH)
@Fork(1)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
public class FullWidthExtractionBenchmark {

    static final int BATCH = 64;
    static final int SIZE = 224;

    private Path cache;
    private Backbone net;
    private float[] images;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        System.out.println("engine threads: intra-op " + System.getProperty(NumericEnvironment.INTRA_OP_PROPERTY, "unset")
                + ", inter-op " + System.getProperty(NumericEnvironment.INTER_OP_PROPERTY, "unset") + "; "
                + Runtime.getRuntime().availableProcessors() + " processors");
        cache = Files.createTempDirectory("lottery-fullwidth-bench-");
        net = Backbones.randomResNet(ResNetSpec.resnet50(64, 3), 0, cache, Device.cpu());
        images = BackboneThroughputBenchmark.randomImages(BATCH * SIZE * SIZE * 3);
    }

    @Benchmark
    public FeatureMatrix extractBatch() {
        return net.extract(images, BATCH, SIZE, SIZE, 3);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        net.close();
        AtomicFiles.deleteTree(cache);
    }
}

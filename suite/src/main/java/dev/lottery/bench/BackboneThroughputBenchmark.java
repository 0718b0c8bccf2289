package dev.lottery.bench;

import ai.djl.Device;
import dev.lottery.backbone.Backbone;
import dev.lottery.backbone.Backbones;
import dev.lottery.backbone.ResNetSpec;
import dev.lottery.features.FeatureMatrix;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Images per second of feature extraction for the pocket spec (random ResNet, 28x28x3, batch
 * 256) on the current device. Run (the forked JVM inherits -DTENSORFLOW_LIBRARY_PATH):
 * {@code java -DTENSORFLOW_LIBRARY_PATH=... -cp ... org.openjdk.jmh.Main BackboneThroughputBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(BackboneThroughputBenchmark.BATCH)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class BackboneThroughputBenchmark {

    static final int BATCH = 256;
    private static final int SIZE = 28;

    @Param({"16"})
    public int baseWidth;

    @Param({"resnet"})
    public String backbone;

    private Path cache;
    private Backbone net;
    private float[] images;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        cache = Files.createTempDirectory("lottery-bench-");
        ResNetSpec spec = ResNetSpec.resnet50(baseWidth, 3);
        net = backbone.equals("pixels")
                ? Backbones.pixels(Device.cpu())
                : Backbones.randomResNet(spec, 0, cache, Device.cpu());
        images = randomImages(BATCH * SIZE * SIZE * 3);
    }

    @Benchmark
    public FeatureMatrix extractBatch() {
        return net.extract(images, BATCH, SIZE, SIZE, 3);
    }

    /** Preprocessed-looking inputs, uniform in [-2, 2), the same on every run. */
    static float[] randomImages(int values) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        float[] out = new float[values];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) random.nextDouble(-2, 2);
        }
        return out;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        net.close();
        AtomicFiles.deleteTree(cache);
    }
}

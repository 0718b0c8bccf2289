package dev.lottery.bench;

import dev.lottery.data.AugmentedTransform;
import dev.lottery.data.BadImageException;
import dev.lottery.data.ImageDecoder;
import dev.lottery.data.ImageTransform;
import dev.lottery.data.Preprocessing;
import dev.lottery.data.Preprocessor;
import dev.lottery.data.TrainTransform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Images per second per thread of what one decode worker does per image: read the file, decode it,
 * transform it. {@code transform=augmented} is the augmented protocol's train transform
 * (RandomResizedCrop 224 + horizontal flip, seeded per image, normalised); {@code center} is the
 * test-time ImageNet preprocessing (Resize 256 + CenterCrop 224) for comparison. Each call takes the
 * next image and the next stream position, so the augmented boxes sweep the crop distribution as an
 * epoch does. One thread: the per-thread figure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
public class AugmentBenchmark {
    private static final int IMAGES = 8;

    @Param({"center", "augmented"})
    public String transform;

    @Param({"bilinear", "bicubic"})
    public String interpolation;

    private Path dir;
    private Path[] files;
    private ImageTransform pre;
    private long position;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("lottery-augment-bench-");
        files = new Path[IMAGES];
        for (int i = 0; i < IMAGES; i++) {
            files[i] = dir.resolve("image-" + i + ".JPEG");
            Files.write(files[i], i % 2 == 0 ? SyntheticJpegs.jpeg(500, 375, i) : SyntheticJpegs.jpeg(375, 500, i));
        }
        pre = transform(transform, interpolation, 1);
    }

    /** The transform a worker runs: {@code center} (test time) or {@code augmented} (stream {@code stream}). */
    static ImageTransform transform(String transform, String interpolation, long stream) {
        Preprocessing imagenet = new Preprocessing("imagenet", 256, 224, interpolation,
                new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}, 3);
        return switch (transform) {
            case "center" -> new Preprocessor(imagenet);
            case "augmented" -> new AugmentedTransform(imagenet, TrainTransform.standard(interpolation, "bench"), 224, 0,
                    stream);
            default -> throw new IllegalArgumentException("expected transform center or augmented, found " + transform);
        };
    }

    @Benchmark
    public float[] readDecodeTransform() throws IOException, BadImageException {
        long at = position++;
        byte[] jpeg = Files.readAllBytes(files[(int) (at % IMAGES)]);
        return pre.apply(ImageDecoder.decodeRgb(jpeg), at);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

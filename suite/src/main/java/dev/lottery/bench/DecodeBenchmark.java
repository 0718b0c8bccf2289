package dev.lottery.bench;

import dev.lottery.data.BadImageException;
import dev.lottery.data.ImageDecoder;
import dev.lottery.data.Preprocessing;
import dev.lottery.data.Preprocessor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Images per second per thread: decoding an ImageNet-sized JPEG, and decoding plus the ImageNet
 * evaluation transform (Resize 256, CenterCrop 224, normalise). One thread: the per-thread figure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
public class DecodeBenchmark {
    private static final int IMAGES = 8;

    @Param({"bilinear", "bicubic"})
    public String interpolation;

    private byte[][] jpegs;
    private Preprocessor pre;
    private int next;

    @Setup
    public void setUp() throws IOException {
        jpegs = new byte[IMAGES][];
        for (int i = 0; i < IMAGES; i++) {
            jpegs[i] = i % 2 == 0 ? SyntheticJpegs.jpeg(500, 375, i) : SyntheticJpegs.jpeg(375, 500, i);
        }
        pre = new Preprocessor(new Preprocessing("imagenet", 256, 224, interpolation,
                new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}, 3));
    }

    @Benchmark
    public BufferedImage decode() throws BadImageException {
        next = (next + 1) % IMAGES;
        return ImageDecoder.decodeRgb(jpegs[next]);
    }

    @Benchmark
    public float[] decodePreprocess() throws BadImageException {
        next = (next + 1) % IMAGES;
        return pre.apply(ImageDecoder.decodeRgb(jpegs[next]));
    }
}

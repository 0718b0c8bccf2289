package dev.lottery.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.lottery.features.Bundle;
import dev.lottery.features.ContentStore;
import dev.lottery.features.FeatureMatrix;
import dev.lottery.features.FeatureRows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three placements of the training rows, run on the CPU device (the resident path forced): the
 * same batches to the bit, so the same head to the bit; and the rule that picks one on a GPU.
 */
class FeaturePlacementTest {

    private static FeatureMatrix noise(int rows, int cols, int classes, long seed, int[] labels) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 4 - 2);
        }
        for (int i = 0; i < rows; i++) {
            labels[i] = r.nextInt(classes);
            v[i * cols + labels[i] % cols] += 2; // something to learn
        }
        return new FeatureMatrix(rows, cols, v);
    }

    /** Every batch of two epochs, features and labels copied to the host. */
    private static List<float[]> walk(BatchSource source, int rows, int batch, long seed) {
        List<float[]> out = new ArrayList<>();
        SplittableRandom root = new SplittableRandom(seed);
        int[] order = new int[rows];
        for (int epoch = 0; epoch < 2; epoch++) {
            LinearProbe.permutation(order, root.split());
            source.startEpoch(order);
            for (int start = 0; start < rows; start += batch) {
                try (BatchSource.Batch b = source.next()) {
                    out.add(b.features().toFloatArray());
                    int[] y = b.labels().toIntArray();
                    float[] yf = new float[y.length];
                    for (int i = 0; i < y.length; i++) {
                        yf[i] = y[i];
                    }
                    out.add(yf);
                }
            }
            assertThatThrownBy(source::next).isInstanceOf(IllegalStateException.class);
        }
        return out;
    }

    @Test
    void everySourceGivesTheHostGathersBatchesBitForBit(@TempDir Path dir) {
        int rows = 203;
        int cols = 6;
        int batch = 32; // 7 batches per epoch, the last one of 11 rows
        int[] y = new int[rows];
        FeatureMatrix m = noise(rows, cols, 5, 1, y);
        ContentStore store = new ContentStore(dir, 6 * 9); // mapped in chunks of 9 rows
        String key = ContentStore.key("placement-rows");
        store.put("features", key, Bundle.of("features", m));
        FeatureRows mapped = store.get("features", key).orElseThrow().rows("features");
        assertThat(mapped.chunkCount()).isGreaterThan(1);
        try (NDManager manager = Engines.defaultEngine().newBaseManager(Device.cpu())) {
            List<float[]> host;
            try (BatchSource s = new HostBatchSource(manager, FeatureRows.of(m), y, batch)) {
                host = walk(s, rows, batch, 7);
            }
            List<Function<FeatureRows, BatchSource>> others = List.of(
                    x -> new PrefetchedBatches(manager, x, y, batch),
                    x -> new DeviceBatches(manager, x, y, batch, Engines.rowGather()),
                    // blocks of 50 rows: most batches span several blocks, so the join and reorder run
                    x -> new DeviceBatches(manager, x, y, batch, Engines.rowGather(), 50),
                    x -> new DeviceBatches(manager, x, y, batch, Engines.rowGather(), 1));
            for (Function<FeatureRows, BatchSource> open : others) {
                for (FeatureRows x : List.of(FeatureRows.of(m), mapped)) {
                    try (BatchSource s = open.apply(x)) {
                        List<float[]> got = walk(s, rows, batch, 7);
                        assertThat(got).as("%s on %s", s.getClass().getSimpleName(), x).hasSameSizeAs(host);
                        for (int i = 0; i < host.size(); i++) {
                            assertThat(floatBits(got.get(i))).as("%s batch part %d", s.getClass().getSimpleName(), i)
                                    .isEqualTo(floatBits(host.get(i)));
                        }
                    }
                }
            }
            try (DeviceBatches blocks = new DeviceBatches(manager, mapped, y, batch, Engines.rowGather(), 50)) {
                assertThat(blocks.blockCount()).isEqualTo(5);
            }
        }
    }

    private static int[] floatBits(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return out;
    }

    /** The heads of all three placements, trained with the fused step on the CPU, are bit-identical. */
    @Test
    void theHeadIsBitIdenticalWhereverTheRowsWait() {
        int rows = 300;
        int cols = 12;
        int classes = 4;
        int[] y = new int[rows];
        FeatureMatrix m = noise(rows, cols, classes, 2, y);
        FeatureRows chunked = FeatureRows.builder(cols, cols * 7L).append(m.values(), 0, rows).build();
        Routine momentum = new Routine("t", Optimizer.SGD, 0.5, 0.9, true, 1e-3, Schedule.COSINE, null, 1, 1, 3, 64,
                0, "test");
        Routine lars = new Routine("t", Optimizer.LARS, 0.2, 0.9, false, 1e-4, Schedule.CONSTANT, null, 1, 1, 2, 48,
                0.02, "test");
        for (Routine r : List.of(momentum, lars)) {
            LinearHead host = train(FeaturePlacement.HOST, chunked, y, classes, r);
            for (FeaturePlacement p : List.of(FeaturePlacement.PREFETCH, FeaturePlacement.DEVICE)) {
                LinearHead got = train(p, chunked, y, classes, r);
                assertThat(floatBits(got.weight())).as("%s weights, %s", p, r.optimizer()).isEqualTo(floatBits(host.weight()));
                assertThat(floatBits(got.bias())).as("%s bias, %s", p, r.optimizer()).isEqualTo(floatBits(host.bias()));
            }
            // and the default placement on the CPU is the host path
            try (Probe auto = Engines.probe(Device.cpu())) {
                assertThat(auto.train(chunked, y, classes, r, 3)).isEqualTo(host);
            }
        }
    }

    private static LinearHead train(FeaturePlacement p, FeatureRows x, int[] y, int classes, Routine r) {
        try (LinearProbe probe = new LinearProbe(Engines.defaultEngine().newBaseManager(Device.cpu()),
                Engines.defaultStep(), p)) {
            return probe.train(x, y, classes, r, 3);
        }
    }

    private static final long GIB = 1L << 30;

    private static PlacementDecision decide(FeaturePlacement p, boolean gpu, long needed, DeviceMemory.Budget budget) {
        return PlacementDecision.decide(p, gpu, needed, () -> java.util.Optional.ofNullable(budget));
    }

    @Test
    void onAGpuTheRowsGoToTheDeviceExactlyWhenTheyFitTheBudget() {
        // ImageNet-1k train at 2048-d: 1,281,167 rows, 10.5 GB (9.8 GiB) with labels
        long imagenet = PlacementDecision.neededBytes(1_281_167, 2048);
        assertThat(imagenet).isEqualTo(1_281_167L * 2048 * 4 + 1_281_167L * 4);
        DeviceMemory.Budget h100 = new DeviceMemory.Budget((long) (0.8 * 79 * GIB), "test: 0.8 x 79 GiB");
        DeviceMemory.Budget small = new DeviceMemory.Budget((long) (0.8 * 10 * GIB), "test: 0.8 x 10 GiB");
        assertThat(decide(FeaturePlacement.AUTO, true, imagenet, h100).placement()).isEqualTo(FeaturePlacement.DEVICE);
        PlacementDecision tooBig = decide(FeaturePlacement.AUTO, true, imagenet, small);
        assertThat(tooBig.placement()).isEqualTo(FeaturePlacement.PREFETCH);
        assertThat(tooBig.reason()).contains("more than the budget").contains("test: 0.8 x 10 GiB");
        // the boundary: equal fits, one byte more does not
        DeviceMemory.Budget exact = new DeviceMemory.Budget(imagenet, "exact");
        assertThat(decide(FeaturePlacement.AUTO, true, imagenet, exact).placement()).isEqualTo(FeaturePlacement.DEVICE);
        assertThat(decide(FeaturePlacement.AUTO, true, imagenet + 1, exact).placement()).isEqualTo(FeaturePlacement.PREFETCH);
        // unknown memory: host gather with read-ahead, saying how to declare a budget
        PlacementDecision unknown = decide(FeaturePlacement.AUTO, true, imagenet, null);
        assertThat(unknown.placement()).isEqualTo(FeaturePlacement.PREFETCH);
        assertThat(unknown.reason()).contains("could not be queried").contains("-Dlottery.device.memory=");
    }

    @Test
    void theCpuKeepsTheHostPathAndAForcedPlacementIsKept() {
        boolean[] asked = {false};
        PlacementDecision cpu = PlacementDecision.decide(FeaturePlacement.AUTO, false, 100, () -> {
            asked[0] = true;
            return java.util.Optional.empty();
        });
        assertThat(cpu.placement()).isEqualTo(FeaturePlacement.HOST);
        assertThat(asked[0]).as("the CPU never queries device memory").isFalse();
        for (FeaturePlacement p : List.of(FeaturePlacement.HOST, FeaturePlacement.PREFETCH, FeaturePlacement.DEVICE)) {
            assertThat(decide(p, true, Long.MAX_VALUE / 2, new DeviceMemory.Budget(0, "none")).placement()).isEqualTo(p);
            assertThat(decide(p, false, 1, null).placement()).isEqualTo(p);
        }
        assertThat(FeaturePlacement.parse(" Device ")).isEqualTo(FeaturePlacement.DEVICE);
        assertThatThrownBy(() -> FeaturePlacement.parse("gpu")).hasMessageContaining("auto, host, prefetch, device");
    }

    @Test
    void aDeclaredBudgetIsUsedAsGivenAndTheEngineReportsDeviceMemory() {
        assertThat(DeviceMemory.parseBytes("60g")).isEqualTo(60 * GIB);
        assertThat(DeviceMemory.parseBytes("512M")).isEqualTo(512L << 20);
        assertThat(DeviceMemory.parseBytes("1.5t")).isEqualTo(3L << 39);
        assertThat(DeviceMemory.parseBytes("4096")).isEqualTo(4096);
        assertThatThrownBy(() -> DeviceMemory.parseBytes("lots")).hasMessageContaining("lottery.device.memory");
        String old = System.getProperty(DeviceMemory.PROPERTY);
        try (NDManager cpu = Engines.defaultEngine().newBaseManager(Device.cpu())) {
            System.setProperty(DeviceMemory.PROPERTY, "12g");
            DeviceMemory.Budget declared = DeviceMemory.budget(cpu).orElseThrow();
            assertThat(declared.bytes()).isEqualTo(12 * GIB);
            assertThat(declared.source()).contains("declared");
            System.clearProperty(DeviceMemory.PROPERTY);
            // the engine's device list is read the same way for the GPU: here for the CPU device, so the
            // binding is exercised on a machine without a GPU
            assertThat(Engines.deviceMemoryLimit(cpu)).isPresent();
            assertThat(Engines.deviceMemoryLimit(cpu).getAsLong()).isPositive();
            assertThat(DeviceMemory.cudaFree(Device.cpu())).isEmpty();
        } finally {
            if (old == null) {
                System.clearProperty(DeviceMemory.PROPERTY);
            } else {
                System.setProperty(DeviceMemory.PROPERTY, old);
            }
        }
    }
}

package dev.lottery.probe;

import ai.djl.Device;
import dev.lottery.features.Bundle;
import dev.lottery.features.ContentStore;
import dev.lottery.features.FeatureMatrix;
import dev.lottery.features.FeatureRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LinearProbeTest {

    private static Probe probe;

    @BeforeAll
    static void open() {
        probe = Engines.probe(Device.cpu());
    }

    @AfterAll
    static void close() {
        probe.close();
    }

    /** Gaussian blobs: class k centred at 3 on axis k, noise std 0.5. */
    private static FeatureMatrix blobs(int perClass, int classes, int dim, long seed, int[] labelsOut) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = perClass * classes;
        float[] v = new float[n * dim];
        for (int i = 0; i < n; i++) {
            int k = i % classes;
            labelsOut[i] = k;
            for (int j = 0; j < dim; j++) {
                double noise = 0.5 * Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
                v[i * dim + j] = (float) ((j == k ? 3 : 0) + noise);
            }
        }
        return new FeatureMatrix(n, dim, v);
    }

    private static Routine routine(int epochs, int batch) {
        return new Routine("t", Optimizer.SGD, 0.5, 0.9, false, 1e-3, Schedule.COSINE, null, 1, 1, epochs, batch, 0,
                "test");
    }

    private static double accuracy(float[] logits, int[] labels, int classes) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (logits[i * classes + k] > logits[i * classes + best]) {
                    best = k;
                }
            }
            correct += best == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }

    @Test
    void separableProblemIsLearnedToFullTrainAccuracy() {
        int[] y = new int[120];
        FeatureMatrix x = blobs(40, 3, 8, 1, y);
        LinearHead head = probe.train(x, y, 3, routine(10, 16), 5);
        assertThat(accuracy(probe.logits(head, x), y, 3)).isGreaterThanOrEqualTo(0.99);
        // the untrained initial head is near chance, so the accuracy comes from training
        LinearHead init = LinearProbe.initialHead(3, 8, new SplittableRandom(5).split());
        assertThat(accuracy(probe.logits(init, x), y, 3)).isLessThan(0.8);
    }

    @Test
    void sameSeedGivesABitIdenticalHeadAndAnotherSeedDoesNot() {
        int[] y = new int[60];
        FeatureMatrix x = blobs(20, 3, 6, 2, y);
        Routine r = routine(3, 8);
        LinearHead a = probe.train(x, y, 3, r, 42);
        LinearHead b = probe.train(x, y, 3, r, 42);
        LinearHead c = probe.train(x, y, 3, r, 43);
        assertThat(b.weight()).isEqualTo(a.weight());
        assertThat(b.bias()).isEqualTo(a.bias());
        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);
    }

    /**
     * Simulates the documented procedure in double (same seeded streams, batches in permutation
     * order, PyTorch SGD) and requires the trained head to match it, and not the variant that drops
     * the last partial batch.
     */
    @Test
    void trainingFollowsTheDocumentedProcedureIncludingTheLastPartialBatch() {
        int[] y = new int[10];
        FeatureMatrix x = blobs(5, 2, 3, 3, y);
        Routine r = new Routine("t", Optimizer.SGD, 0.3, 0.9, true, 1e-2, Schedule.COSINE, null, 1, 1, 3, 4, 0,
                "test");
        long seed = 9;
        LinearHead got = probe.train(x, y, 2, r, seed);
        LinearHead keep = simulate(x, y, 2, r, seed, false);
        LinearHead drop = simulate(x, y, 2, r, seed, true);
        double maxDiffKeep = 0;
        double maxDiffDrop = 0;
        for (int i = 0; i < got.weight().length; i++) {
            maxDiffKeep = Math.max(maxDiffKeep, Math.abs(got.weight()[i] - keep.weight()[i]));
            maxDiffDrop = Math.max(maxDiffDrop, Math.abs(got.weight()[i] - drop.weight()[i]));
        }
        assertThat(maxDiffKeep).isLessThan(1e-5);
        assertThat(maxDiffDrop).isGreaterThan(1e-3);
    }

    private static LinearHead simulate(FeatureMatrix x, int[] y, int classes, Routine r, long seed, boolean dropLast) {
        int n = x.rows();
        int d = x.cols();
        SplittableRandom root = new SplittableRandom(seed);
        Reference.State s = new Reference.State(LinearProbe.initialHead(classes, d, root.split()));
        double[] xd = Reference.toDouble(x.values());
        int b = r.batchSize();
        int ipe = (n + b - 1) / b;
        int[] order = new int[n];
        int it = 0;
        for (int e = 0; e < r.epochs(); e++) {
            LinearProbe.permutation(order, root.split());
            for (int start = 0; start < n; start += b) {
                int[] rows = Arrays.copyOfRange(order, start, Math.min(n, start + b));
                double lr = r.learningRate(it++, ipe);
                if (dropLast && rows.length < b) {
                    continue;
                }
                Reference.step(s, Reference.gradient(xd, y, rows, d, classes, s.w, s.b), r, lr);
            }
        }
        float[] w = new float[s.w.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) s.w[i];
        }
        float[] bias = new float[s.b.length];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = (float) s.b[i];
        }
        return new LinearHead(classes, d, w, bias);
    }

    /**
     * Batches are gathered row by row in permutation order, so the head is bit-identical whether the
     * rows sit in one array, in 43 chunks of 7 rows, or mapped from a store file in chunks of 5 rows.
     */
    @Test
    void theHeadDoesNotDependOnHowTheRowsAreChunkedOrStored(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        int[] y = new int[300];
        FeatureMatrix x = blobs(100, 3, 5, 6, y);
        Routine r = routine(3, 32); // 10 batches per epoch, the last one partial
        LinearHead one = probe.train(FeatureRows.of(x), y, 3, r, 11);
        FeatureRows tiny = FeatureRows.builder(5, 5 * 7).append(x.values(), 0, 300).build();
        assertThat(tiny.chunkCount()).isEqualTo(43);
        ContentStore store = new ContentStore(dir, 5 * 5);
        String key = ContentStore.key("probe-rows");
        store.put("features", key, Bundle.of("features", x));
        FeatureRows mapped = store.get("features", key).orElseThrow().rows("features");
        assertThat(mapped.chunkCount()).isEqualTo(60);
        assertThat(probe.train(tiny, y, 3, r, 11)).isEqualTo(one);
        assertThat(probe.train(mapped, y, 3, r, 11)).isEqualTo(one);
        assertThat(probe.logits(one, mapped)).isEqualTo(probe.logits(one, x));
        assertThat(probe.train(tiny, y, 3, r, 12)).isNotEqualTo(one);
    }

    @Test
    void permutationIsSeededAndComplete() {
        int[] a = new int[50];
        int[] b = new int[50];
        LinearProbe.permutation(a, new SplittableRandom(1));
        LinearProbe.permutation(b, new SplittableRandom(1));
        assertThat(a).isEqualTo(b);
        assertThat(Arrays.stream(a).sorted().toArray()).isEqualTo(java.util.stream.IntStream.range(0, 50).toArray());
        LinearProbe.permutation(b, new SplittableRandom(2));
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void initialWeightsHaveStd001AndZeroBias() {
        LinearHead h = LinearProbe.initialHead(100, 200, new SplittableRandom(3));
        double sum = 0;
        double sq = 0;
        for (float v : h.weight()) {
            sum += v;
            sq += v * v;
        }
        int n = h.weight().length;
        double mean = sum / n;
        assertThat(mean).isCloseTo(0, within(3e-4));
        assertThat(Math.sqrt(sq / n - mean * mean)).isCloseTo(0.01, within(3e-4));
        assertThat(h.bias()).containsOnly(0f);
    }

    @Test
    void progressIsReportedAfterEveryEpoch() {
        int[] y = new int[12];
        FeatureMatrix x = blobs(6, 2, 2, 4, y);
        List<Integer> epochs = new ArrayList<>();
        probe.train(x, y, 2, routine(3, 5), 1, epochs::add);
        assertThat(epochs).containsExactly(1, 2, 3);
    }

    @Test
    void logitsAreXWPlusBAcrossRowBlocks() {
        int rows = 5000; // more than one device block
        SplittableRandom r = new SplittableRandom(8);
        float[] v = new float[rows * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble();
        }
        FeatureMatrix x = new FeatureMatrix(rows, 3, v);
        LinearHead head = new LinearHead(2, 3, new float[] {1, 2, 3, -1, 0, 0.5f}, new float[] {0.25f, -2});
        float[] logits = probe.logits(head, x);
        assertThat(logits).hasSize(rows * 2);
        for (int i : new int[] {0, 1, 4095, 4096, 4999}) {
            double z0 = 0.25 + v[i * 3] + 2 * v[i * 3 + 1] + 3 * v[i * 3 + 2];
            double z1 = -2 - v[i * 3] + 0.5 * v[i * 3 + 2];
            assertThat((double) logits[i * 2]).isCloseTo(z0, within(1e-5));
            assertThat((double) logits[i * 2 + 1]).isCloseTo(z1, within(1e-5));
        }
    }

    @Test
    void badTrainingDataIsRejectedWithWhereAndWhat() {
        FeatureMatrix x = new FeatureMatrix(3, 2, new float[6]);
        assertThatThrownBy(() -> probe.train(x, new int[] {0, 1}, 2, routine(2, 2), 1))
                .hasMessageContaining("one label per feature row (3)").hasMessageContaining("2 labels");
        assertThatThrownBy(() -> probe.train(x, new int[] {0, 1, 2}, 2, routine(2, 2), 1))
                .hasMessageContaining("label of row 2").hasMessageContaining("[0, 2)");
        assertThatThrownBy(() -> probe.logits(new LinearHead(2, 3, new float[6], new float[2]), x))
                .hasMessageContaining("dim 3");
    }

    @Test
    void headEqualityIsByContent() {
        LinearHead a = new LinearHead(1, 2, new float[] {1, 2}, new float[] {3});
        assertThat(a).isEqualTo(new LinearHead(1, 2, new float[] {1, 2}, new float[] {3}))
                .hasSameHashCodeAs(new LinearHead(1, 2, new float[] {1, 2}, new float[] {3}));
        assertThat(a).isNotEqualTo(new LinearHead(1, 2, new float[] {1, 2}, new float[] {4}));
        assertThatThrownBy(() -> new LinearHead(2, 2, new float[3], new float[2])).hasMessageContaining("expected 4 weights, got 3");
    }
}

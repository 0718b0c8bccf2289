package dev.lottery.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FeatureRowsTest {

    private static FeatureMatrix random(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return new FeatureMatrix(rows, cols, v);
    }

    /** Rows of {@code m} appended in uneven batches into chunks of at most {@code maxChunkValues}. */
    private static FeatureRows chunked(FeatureMatrix m, long maxChunkValues) {
        FeatureRows.Builder b = FeatureRows.builder(m.cols(), maxChunkValues);
        int[] sizes = {1, 7, 3, 50};
        int row = 0;
        for (int k = 0; row < m.rows(); k++) {
            int n = Math.min(sizes[k % sizes.length], m.rows() - row);
            b.append(m.values(), row * m.cols(), n);
            row += n;
        }
        return b.build();
    }

    @Test
    void chunksHoldWholeRowsWithinTheLimit() {
        FeatureMatrix m = random(1000, 5, 1);
        FeatureRows rows = chunked(m, 2000);
        assertThat(rows.chunkRows()).isEqualTo(400);
        assertThat(rows.chunkCount()).isEqualTo(3);
        assertThat(rows.rows()).isEqualTo(1000);
        assertThat(rows.size()).isEqualTo(5000);
        // a row wider than the limit still makes a chunk of one row
        assertThat(FeatureRows.chunkRowsFor(100, 10)).isEqualTo(1);
    }

    @Test
    void everyReadIsTheSameWhateverTheChunking() {
        FeatureMatrix m = random(1000, 5, 2);
        FeatureRows one = FeatureRows.of(m);
        FeatureRows many = chunked(m, 2000);
        FeatureRows tiny = chunked(m, 5);
        assertThat(tiny.chunkCount()).isEqualTo(1000);
        for (FeatureRows r : new FeatureRows[] {one, many, tiny}) {
            assertThat(r.toMatrix()).isEqualTo(m);
            assertThat(r.get(399, 4)).isEqualTo(m.get(399, 4));
            assertThat(r.get(400, 0)).isEqualTo(m.get(400, 0));
            // a block crossing the chunk boundaries at rows 400 and 800
            float[] block = new float[500 * 5];
            r.copyRows(350, 500, FloatBuffer.wrap(block), 0);
            assertThat(block).isEqualTo(java.util.Arrays.copyOfRange(m.values(), 350 * 5, 850 * 5));
        }
        assertThat(many).isEqualTo(one).isEqualTo(tiny).hasSameHashCodeAs(one);
        assertThat(many).isNotEqualTo(chunked(random(1000, 5, 3), 2000));
    }

    @Test
    void gatherTakesRowsInTheGivenOrder() {
        FeatureMatrix m = random(1000, 3, 4);
        FeatureRows rows = chunked(m, 300);
        int[] order = {999, 0, 100, 101, 500, 42};
        float[] out = new float[4 * 3];
        rows.gatherRows(order, 1, 5, FloatBuffer.wrap(out));
        assertThat(out).isEqualTo(m.selectRows(new int[] {0, 100, 101, 500}).values());
        assertThatThrownBy(() -> rows.gatherRows(new int[] {1000}, 0, 1, FloatBuffer.wrap(out)))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("row 1000 of 1000");
        // with a stride of 4 the rows land 4 apart and what lies between them is left as it was
        float[] strided = new float[4 * 4];
        java.util.Arrays.fill(strided, -7f);
        rows.gatherRows(order, 1, 5, FloatBuffer.wrap(strided), 4);
        for (int k = 0; k < 4; k++) {
            assertThat(java.util.Arrays.copyOfRange(strided, k * 4, k * 4 + 3))
                    .isEqualTo(java.util.Arrays.copyOfRange(out, k * 3, k * 3 + 3));
            assertThat(strided[k * 4 + 3]).isEqualTo(-7f);
        }
        assertThatThrownBy(() -> rows.gatherRows(order, 1, 5, FloatBuffer.wrap(strided), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("narrower than a row of 3");
    }

    @Test
    void aFewRowsMakeOneChunkAndNoRowsNone() {
        FeatureRows rows = FeatureRows.builder(4, FeatureRows.MAX_CHUNK_VALUES)
                .append(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 0, 3).build();
        assertThat(rows.toMatrix().values()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(rows.chunkCount()).isEqualTo(1);
        assertThat(FeatureRows.builder(4, 100).build().rows()).isZero();
    }
}

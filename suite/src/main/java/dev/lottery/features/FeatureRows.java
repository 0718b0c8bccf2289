package dev.lottery.features;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Dense row-major float32 rows (one per sample) held in chunks of whole rows, so that a split can
 * exceed one Java array (2^31 values; ImageNet-1k train at 2048-d is 2.6e9). Each chunk is a
 * {@link FloatBuffer}: a heap array (built in memory, or a wrapped {@link FeatureMatrix}) or a
 * memory-mapped piece of a {@link ContentStore} file, in which case the page cache, not the heap,
 * holds the values.
 *
 * <p>The chunking is a storage detail: every read gives the same values in the same order whatever
 * the chunk size. All reads are absolute, so one instance may be read by several threads at once.
 */
public final class FeatureRows {

    /** Default values per chunk: 2^28 floats = 1 GiB, so one chunk maps within one 2 GB buffer. */
    public static final long MAX_CHUNK_VALUES = 1L << 28;

    private final int rows;
    private final int cols;
    private final int chunkRows;
    private final FloatBuffer[] chunks;

    /**
     * @param chunkRows rows per chunk (the last chunk may hold fewer)
     * @param chunks    {@code ceil(rows / chunkRows)} buffers, each exactly its rows x cols long from index 0
     */
    FeatureRows(int rows, int cols, int chunkRows, FloatBuffer[] chunks) {
        if (rows < 0 || cols < 0 || chunkRows < 1) {
            throw new IllegalArgumentException("bad shape " + rows + "x" + cols + " in chunks of " + chunkRows + " rows");
        }
        int expected = rows == 0 ? 0 : (int) ((rows + (long) chunkRows - 1) / chunkRows);
        if (chunks.length != expected) {
            throw new IllegalArgumentException(rows + " rows in chunks of " + chunkRows + " need " + expected
                    + " chunks, got " + chunks.length);
        }
        for (int c = 0; c < chunks.length; c++) {
            long want = (long) Math.min(chunkRows, rows - (long) c * chunkRows) * cols;
            if (chunks[c].limit() != want) {
                throw new IllegalArgumentException("chunk " + c + " of " + rows + "x" + cols + " should hold " + want
                        + " values, holds " + chunks[c].limit());
            }
        }
        this.rows = rows;
        this.cols = cols;
        this.chunkRows = chunkRows;
        this.chunks = chunks.clone();
    }

    /** The rows of a matrix, as one chunk sharing its array (no copy). */
    public static FeatureRows of(FeatureMatrix m) {
        FloatBuffer[] one = m.rows() == 0 ? new FloatBuffer[0] : new FloatBuffer[] {FloatBuffer.wrap(m.values())};
        return new FeatureRows(m.rows(), m.cols(), Math.max(1, m.rows()), one);
    }

    /** Whole rows of {@code cols} values that fit {@code maxChunkValues} (at least one row). */
    public static int chunkRowsFor(int cols, long maxChunkValues) {
        if (maxChunkValues < 1) {
            throw new IllegalArgumentException("a chunk must hold at least one value, got " + maxChunkValues);
        }
        // a chunk is also one Java array when built on the heap
        long r = cols == 0 ? Integer.MAX_VALUE : Math.min(maxChunkValues, Integer.MAX_VALUE - 8) / cols;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, r));
    }

    /** Collects rows in heap chunks of at most {@code maxChunkValues} values (or one row, if wider). */
    public static Builder builder(int cols, long maxChunkValues) {
        return new Builder(cols, chunkRowsFor(cols, maxChunkValues));
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Rows per chunk; the last chunk may hold fewer. */
    public int chunkRows() {
        return chunkRows;
    }

    public int chunkCount() {
        return chunks.length;
    }

    /** rows x cols. */
    public long size() {
        return (long) rows * cols;
    }

    public float get(int row, int col) {
        checkRow(row);
        if (col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException("column " + col + " of " + cols);
        }
        return chunks[row / chunkRows].get((row % chunkRows) * cols + col);
    }

    /** Copies rows {@code start .. start+count-1} into {@code dst} from index {@code dstIndex} (absolute; position untouched). */
    public void copyRows(int start, int count, FloatBuffer dst, int dstIndex) {
        if (count < 0 || start < 0 || (long) start + count > rows) {
            throw new IndexOutOfBoundsException("rows " + start + "+" + count + " of " + rows);
        }
        int row = start;
        int at = dstIndex;
        int end = start + count;
        while (row < end) {
            int c = row / chunkRows;
            int inChunk = row - c * chunkRows;
            int take = Math.min(end - row, Math.min(chunkRows, rows - c * chunkRows) - inChunk);
            dst.put(at, chunks[c], inChunk * cols, take * cols);
            row += take;
            at += take * cols;
        }
    }

    /**
     * Copies the rows {@code rowIndices[from .. to-1]}, in that order, into {@code dst} from index 0
     * (absolute; position untouched): {@code (to - from) x cols} values.
     */
    public void gatherRows(int[] rowIndices, int from, int to, FloatBuffer dst) {
        gatherRows(rowIndices, from, to, dst, cols);
    }

    /**
     * As {@link #gatherRows(int[], int, int, FloatBuffer)}, the k-th row put at {@code k * stride}
     * ({@code stride >= cols}); what lies between the rows is left as it was.
     */
    public void gatherRows(int[] rowIndices, int from, int to, FloatBuffer dst, int stride) {
        if (stride < cols) {
            throw new IllegalArgumentException("a stride of " + stride + " is narrower than a row of " + cols);
        }
        int at = 0;
        for (int i = from; i < to; i++) {
            int row = rowIndices[i];
            checkRow(row);
            dst.put(at, chunks[row / chunkRows], (row % chunkRows) * cols, cols);
            at += stride;
        }
    }

    /** All rows as one matrix (a copy); only for rows that fit one Java array, such as a head or a small split. */
    public FeatureMatrix toMatrix() {
        if (size() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(rows + "x" + cols + " values do not fit one Java array; read them by rows");
        }
        float[] out = new float[(int) size()];
        copyRows(0, rows, FloatBuffer.wrap(out), 0);
        return new FeatureMatrix(rows, cols, out);
    }

    private void checkRow(int row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " of " + rows);
        }
    }

    /** Equal when shape and every value (bitwise, as {@link java.util.Arrays#equals(float[], float[])}) match, whatever the chunking. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FeatureRows r) || r.rows != rows || r.cols != cols) {
            return false;
        }
        float[] a = new float[cols];
        float[] b = new float[cols];
        for (int i = 0; i < rows; i++) {
            copyRows(i, 1, FloatBuffer.wrap(a), 0);
            r.copyRows(i, 1, FloatBuffer.wrap(b), 0);
            if (!java.util.Arrays.equals(a, b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 31 * rows + cols;
        float[] a = new float[cols];
        for (int i = 0; i < rows; i++) {
            copyRows(i, 1, FloatBuffer.wrap(a), 0);
            h = 31 * h + java.util.Arrays.hashCode(a);
        }
        return h;
    }

    @Override
    public String toString() {
        return "FeatureRows[" + rows + "x" + cols + " in " + chunks.length + " chunks]";
    }

    /** Appends rows into heap chunks; each chunk is allocated when its first row arrives. */
    public static final class Builder {
        private final int cols;
        private final int chunkRows;
        private final List<float[]> chunks = new ArrayList<>();
        private int rows;

        Builder(int cols, int chunkRows) {
            this.cols = cols;
            this.chunkRows = chunkRows;
        }

        /** Appends {@code count} rows read from {@code values} starting at {@code offset}. */
        public Builder append(float[] values, int offset, int count) {
            if ((long) rows + count > Integer.MAX_VALUE) {
                throw new IllegalStateException("more than " + Integer.MAX_VALUE + " rows");
            }
            for (int i = 0; i < count; ) {
                int inChunk = rows % chunkRows;
                if (inChunk == 0) {
                    chunks.add(new float[Math.min(chunkRows, 1024) * cols]);
                }
                int take = Math.min(count - i, chunkRows - inChunk);
                int last = chunks.size() - 1;
                long need = (long) (inChunk + take) * cols;
                if (chunks.get(last).length < need) {
                    // grow the open chunk by doubling, so a small matrix never allocates a whole chunk
                    long grown = Math.max(need, Math.min((long) chunkRows * cols, 2L * chunks.get(last).length));
                    chunks.set(last, java.util.Arrays.copyOf(chunks.get(last), (int) grown));
                }
                System.arraycopy(values, offset + i * cols, chunks.get(last), inChunk * cols, take * cols);
                rows += take;
                i += take;
            }
            return this;
        }

        public Builder append(FeatureMatrix m) {
            if (m.cols() != cols) {
                throw new IllegalArgumentException("expected rows of " + cols + " values, got " + m.cols());
            }
            return append(m.values(), 0, m.rows());
        }

        public FeatureRows build() {
            FloatBuffer[] out = new FloatBuffer[chunks.size()];
            for (int c = 0; c < out.length; c++) {
                int n = Math.min(chunkRows, rows - c * chunkRows);
                out[c] = FloatBuffer.wrap(chunks.get(c), 0, n * cols).slice();
            }
            return new FeatureRows(rows, cols, chunkRows, out);
        }
    }
}

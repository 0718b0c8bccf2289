package dev.lottery.data;

/**
 * Where an {@link ImagePipeline} run starts and where it cuts, in <em>positions</em>: the records
 * of {@link SampleSource#forEach} in order, each sample it delivers and each bad sample it reports
 * (a record that could not be listed, or a note such as a shard sample's extra image) taking one
 * position. A sample that fails to decode keeps its position. So the positions of a split are
 * fixed by its content, the pipeline's {@code delivered + bad} is its position count, and a range
 * of positions names the same samples in every run.
 *
 * @param skip   positions not processed (samples neither read by a worker nor decoded, bad records
 *               not reported); a multiple of {@code size} when cutting
 * @param size   positions per segment, or 0 for no cuts
 * @param height output height fixed by the skipped positions' first good image, or -1 if none
 * @param width  output width likewise
 * @param end    told when a segment is complete (all its batches delivered), and at the end of a
 *               last, shorter segment
 */
public record Segments(int skip, int size, int height, int width, End end) {

    /** Receives the end of a segment on the consumer's thread. */
    @FunctionalInterface
    public interface End {
        /**
         * @param position the position after the segment's last
         * @param height   the output height in force (-1 while no good image is known)
         * @param width    the output width in force
         */
        void reached(int position, int height, int width) throws Exception;

        /**
         * Every position before {@code position} was verified by the source (see
         * {@link SampleSource#forEach(java.util.function.Consumer, BadSamples, Runnable)}): the
         * segments ended up to there may be committed. Told at least once per segment boundary
         * passed, and at the end of a source that ended without error; never after a failure.
         */
        default void verified(int position) throws Exception {
            // a caller that commits at reached() needs no verification
        }
    }

    /** The whole split, uncut. */
    public static final Segments NONE = new Segments(0, 0, -1, -1, (position, height, width) -> { });

    public Segments {
        if (skip < 0 || size < 0 || (size > 0 && skip % size != 0)) {
            throw new IllegalArgumentException("expected skip >= 0 a multiple of size >= 0, found skip " + skip
                    + " and size " + size);
        }
        if ((height < 0) != (width < 0)) {
            throw new IllegalArgumentException("expected both or neither of height and width, found "
                    + height + "x" + width);
        }
    }
}

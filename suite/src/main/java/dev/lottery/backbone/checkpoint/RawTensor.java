package dev.lottery.backbone.checkpoint;

import dev.lottery.backbone.WeightTensor;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A tensor as the pickle describes it: a view (element offset, shape, strides) into a storage.
 * Materialised to a dense row-major float32 {@link WeightTensor} on demand.
 */
public record RawTensor(Storage storage, long offset, long[] shape, long[] stride) {

    public RawTensor {
        if (shape.length != stride.length) {
            throw new CheckpointException("tensor with shape " + Arrays.toString(shape) + " has strides "
                    + Arrays.toString(stride));
        }
        shape = shape.clone();
        stride = stride.clone();
    }

    /** Row-major strides for {@code shape}. */
    static long[] contiguous(long[] shape) {
        long[] s = new long[shape.length];
        long step = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = step;
            step *= shape[i];
        }
        return s;
    }

    public DType dtype() {
        return storage.dtype();
    }

    public long[] shape() {
        return shape.clone();
    }

    public long numel() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** The values gathered through offset and strides, as float32 in row-major order. */
    public WeightTensor toWeight() {
        long n = numel();
        if (n > Integer.MAX_VALUE) {
            throw new CheckpointException("tensor " + Arrays.toString(shape) + " is too large");
        }
        long last = offset;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 0) {
                return new WeightTensor(shape, new float[0]);
            }
            if (stride[d] < 0) {
                throw new CheckpointException("negative stride " + Arrays.toString(stride));
            }
            last += (shape[d] - 1) * stride[d];
        }
        if (offset < 0 || last >= storage.numel()) {
            throw new CheckpointException("tensor view (offset " + offset + ", shape " + Arrays.toString(shape)
                    + ", strides " + Arrays.toString(stride) + ") reaches outside storage '" + storage.key()
                    + "' of " + storage.numel() + " elements");
        }
        ByteBuffer data = DType.littleEndian(storage.bytes());
        float[] out = new float[(int) n];
        long[] index = new long[shape.length];
        for (int i = 0; i < out.length; i++) {
            long at = offset;
            for (int d = 0; d < shape.length; d++) {
                at += index[d] * stride[d];
            }
            out[i] = (float) storage.dtype().read(data, at);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return new WeightTensor(shape, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawTensor t && t.storage.equals(storage) && t.offset == offset
                && Arrays.equals(t.shape, shape) && Arrays.equals(t.stride, stride);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + Long.hashCode(offset);
    }

    @Override
    public String toString() {
        return storage.dtype() + Arrays.toString(shape);
    }
}

package dev.lottery.backbone.checkpoint;

import java.util.function.Function;

/**
 * One storage of a checkpoint: raw little-endian bytes of {@code numel} elements, named by its key
 * in the archive. The bytes are looked up only when a tensor is materialised, because the legacy
 * format stores them after the pickle that refers to them.
 */
record Storage(String key, DType dtype, long numel, Function<String, byte[]> source) {

    byte[] bytes() {
        byte[] data = source.apply(key);
        if (data == null) {
            throw new CheckpointException("storage '" + key + "' is referenced by the pickle but missing from the file");
        }
        if (data.length < numel * dtype.bytes()) {
            throw new CheckpointException("storage '" + key + "' holds " + data.length + " bytes, expected at least "
                    + numel * dtype.bytes() + " (" + numel + " x " + dtype + ")");
        }
        return data;
    }
}

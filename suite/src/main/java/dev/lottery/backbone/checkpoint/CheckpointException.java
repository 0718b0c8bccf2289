package dev.lottery.backbone.checkpoint;

/** A checkpoint that cannot be read or does not fit the declared key map. */
public final class CheckpointException extends RuntimeException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.lottery.data;

/** An image that cannot be decoded: empty, truncated, corrupt or not a PNG/JPEG. The message is the reason. */
public final class BadImageException extends Exception {
    public BadImageException(String reason) {
        super(reason);
    }

    public BadImageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}

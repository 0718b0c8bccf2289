package dev.lottery.data;

import java.io.IOException;

/** A shard that cannot be read to its end (truncated or corrupt); the message names the shard file. */
public final class ShardFormatException extends IOException {
    public ShardFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

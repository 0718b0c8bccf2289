package dev.lottery.data.layout;

import java.io.IOException;

/** A split on disk that differs from what its declaration promises (class folders, label files). */
public final class LayoutMismatchException extends IOException {
    public LayoutMismatchException(String message) {
        super(message);
    }
}

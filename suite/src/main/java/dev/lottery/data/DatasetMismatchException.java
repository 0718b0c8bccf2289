package dev.lottery.data;

/** A dataset on disk that differs from its declaration (count, classes): the run stops, naming both. */
public final class DatasetMismatchException extends RuntimeException {
    public DatasetMismatchException(String message) {
        super(message);
    }
}

package dev.lottery.data;

/** A sample that could not be used, with where it came from and why. */
public record BadSample(String source, String key, String reason) {
    @Override
    public String toString() {
        return source + ":" + key + ": " + reason;
    }
}

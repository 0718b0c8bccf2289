package dev.lottery.probe;

import java.util.Locale;

/**
 * Where the training rows wait while a head trains, and so how each batch reaches the device. The
 * choice changes no bit of the head (see {@link BatchSource}), only the time and memory a step takes.
 * Chosen by the system property {@value #PROPERTY} (default {@code auto}), e.g.
 * {@code LOTTERY_JAVA_OPTS="-Xmx8g -Dlottery.probe.features=device"}.
 */
public enum FeaturePlacement {
    /** {@link #DEVICE} when the device is a GPU whose memory holds the rows, else {@link #PREFETCH} on a GPU, {@link #HOST} on the CPU. */
    AUTO,
    /** Gather each batch on the host and upload it when asked for (every CPU run). */
    HOST,
    /** Gather and upload the next batch on a worker thread while the current step runs. */
    PREFETCH,
    /** Upload every row once and gather each batch on the device. */
    DEVICE;

    /** The system property that chooses the placement: auto, host, prefetch or device. */
    public static final String PROPERTY = "lottery.probe.features";

    /** The placement {@value #PROPERTY} names ({@link #AUTO} when unset). */
    public static FeaturePlacement fromProperty() {
        return parse(System.getProperty(PROPERTY, "auto"));
    }

    /** Parses auto, host, prefetch or device (case-insensitive). */
    public static FeaturePlacement parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + " must be one of auto, host, prefetch, device; got '" + s + "'");
        }
    }
}

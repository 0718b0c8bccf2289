package dev.lottery.probe;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Turns a user's device choice into a DJL device for the TensorFlow engine. */
public final class Devices {

    private Devices() {}

    /**
     * Resolves {@code auto}, {@code cpu} or {@code gpu} (case-insensitive): {@code auto} picks the
     * first GPU when the TensorFlow engine sees one, else the CPU; {@code gpu} without a visible GPU
     * is an error rather than a silent CPU fallback.
     */
    public static Device resolve(String choice) {
        String c = choice == null ? "" : choice.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (c) {
            case "cpu" -> Device.cpu();
            case "auto" -> gpuCount() > 0 ? Device.gpu() : Device.cpu();
            case "gpu" -> {
                if (gpuCount() == 0) {
                    throw new IllegalArgumentException(
                            "device 'gpu' was requested but the TensorFlow engine sees no GPU (GPU count 0);"
                                    + " use 'cpu' or 'auto', or the GPU build: ./lottery --gpu (or LOTTERY_GPU=1; Maven profile 'gpu')");
                }
                yield Device.gpu();
            }
            default -> throw new IllegalArgumentException(
                    "device must be one of auto, cpu, gpu; got '" + choice + "'");
        };
    }

    private static int gpuCount() {
        return Engine.getEngine("TensorFlow").getGpuCount();
    }
}

package dev.lottery.probe;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.function.Supplier;

/** Turns a user's device choice into a DJL device for an engine (the default one of {@link Engines} unless given). */
public final class Devices {

    private Devices() {}

    /** {@link #resolve(String, Engine)} for the default engine. */
    public static Device resolve(String choice) {
        return resolve(choice, Engines::defaultEngine);
    }

    /**
     * Resolves {@code auto}, {@code cpu} or {@code gpu} (case-insensitive): {@code auto} picks the
     * first GPU when {@code engine} sees one, else the CPU; {@code gpu} without a visible GPU
     * is an error rather than a silent CPU fallback.
     */
    public static Device resolve(String choice, Engine engine) {
        return resolve(choice, () -> engine);
    }

    /** The engine is asked only for {@code auto} and {@code gpu}: {@code cpu} or a typo never starts it. */
    private static Device resolve(String choice, Supplier<Engine> engines) {
        String c = choice == null ? "" : choice.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (c) {
            case "cpu" -> Device.cpu();
            case "auto" -> engines.get().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            case "gpu" -> {
                Engine engine = engines.get();
                if (engine.getGpuCount() == 0) {
                    throw new IllegalArgumentException(
                            "device 'gpu' was requested but the " + engine.getEngineName()
                                    + " engine sees no GPU (GPU count 0);"
                                    + " use 'cpu' or 'auto', or the GPU build: ./lottery --gpu (or LOTTERY_GPU=1; Maven profile 'gpu')");
                }
                yield Device.gpu();
            }
            default -> throw new IllegalArgumentException(
                    "device must be one of auto, cpu, gpu; got '" + choice + "'");
        };
    }
}

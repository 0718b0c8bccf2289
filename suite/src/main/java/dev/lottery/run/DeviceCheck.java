package dev.lottery.run;

import ai.djl.engine.Engine;
import dev.lottery.probe.Devices;
import dev.lottery.probe.Engines;
import java.util.Locale;

/**
 * {@code --device gpu} checked at once, before any work: without a visible GPU the run stops here,
 * saying which natives are loaded and how to get the GPU build, instead of after the catalog and
 * data are read.
 */
public final class DeviceCheck {

    private DeviceCheck() {}

    /** Throws {@link IllegalArgumentException} for {@code gpu} without a visible GPU, or an unknown choice. */
    public static void require(String choice) {
        String c = choice == null ? "" : choice.trim().toLowerCase(Locale.ROOT);
        if (!c.equals("gpu")) {
            if (!c.equals("auto") && !c.equals("cpu")) {
                Devices.resolve(choice); // names the valid choices
            }
            return;
        }
        Engine engine = Engines.defaultEngine();
        if (engine.getGpuCount() == 0) {
            throw new IllegalArgumentException(noGpu(engine.getEngineName(), System.getProperty("lottery.natives", "")));
        }
    }

    /** What to say when a GPU was asked for and {@code engine} sees none, given which natives the launcher loaded. */
    static String noGpu(String engine, String natives) {
        String start = "--device gpu: the " + engine + " engine sees no GPU (GPU count 0)";
        if (natives.equals("gpu")) {
            return start + " with the CUDA natives (./lottery --gpu). Check that nvidia-smi lists a GPU, that its driver"
                    + " supports CUDA 12 (the natives are built with CUDA 12.3; the CUDA 12 runtime and cuDNN 8.9 libraries must be installed) and that CUDA_VISIBLE_DEVICES does not hide it;"
                    + " or use --device cpu or auto";
        }
        return start + (natives.equals("cpu") ? " with the CPU natives (the default build)" : "")
                + ". For the GPU build run ./lottery --gpu run ... (or LOTTERY_GPU=1 ./lottery run ...): it builds"
                + " the Maven profile 'gpu' (DJL's TensorFlow 2.16.1 GPU natives, cu121 build) and runs on them;"
                + " or use --device cpu or auto";
    }
}

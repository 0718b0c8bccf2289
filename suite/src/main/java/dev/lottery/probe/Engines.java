package dev.lottery.probe;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.lottery.probe.tensorflow.TensorFlowProbe;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The engine choice, made once: the suite trains heads (and resolves devices) on DJL's TensorFlow
 * engine with the fused step of its adapter ({@code probe.tensorflow}). Everything else in the probe
 * takes its {@link Probe} or its {@link Engine} from here (or as a parameter), so swapping the default is
 * this class alone (the backbones' graph engine is chosen in {@code backbone.Backbones}; a test holds
 * the two to the same engine). Changing the default changes the numeric environment, hence every head's
 * cache key, through the engine name and version already recorded there.
 */
public final class Engines {

    private Engines() {}

    /** DJL's name of the default engine, e.g. for a provenance record. */
    public static String defaultName() {
        return TensorFlowProbe.ENGINE;
    }

    /** The default engine as loaded in this process (starts it on first use). */
    public static Engine defaultEngine() {
        return TensorFlowProbe.engine();
    }

    /**
     * Starts loading the default engine on a background thread and returns at once; a later
     * {@link #defaultEngine()} waits for it (DJL's provider loads once, under a lock). Loading the natives
     * takes about half a second here (more beside other work), which a run can spend reading its catalog and hashing its checkpoints
     * instead of waiting. Call only after the engine's thread pools are fixed
     * ({@code NumericEnvironment.configureThreads}): they are part of the numerics. A failure is dropped
     * here: the foreground call that needs the engine meets it again and reports it.
     */
    public static void preload() {
        if (!PRELOADING.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                defaultEngine();
            } catch (Throwable e) {
                // reported by the foreground call, with its context
            }
        }, "lottery-engine-load");
        t.setDaemon(true);
        t.start();
    }

    private static final java.util.concurrent.atomic.AtomicBoolean PRELOADING =
            new java.util.concurrent.atomic.AtomicBoolean();

    /** Where the default engine's natives were loaded from, when the launcher named a folder (else the classpath's). */
    public static Optional<String> nativeLibraryPath() {
        return Optional.ofNullable(System.getProperty(TensorFlowProbe.LIBRARY_PATH_PROPERTY));
    }

    /** The step training uses: the default engine's fused step. */
    public static ProbeStep.Factory defaultStep() {
        return TensorFlowProbe.FUSED_STEP;
    }

    /** The default engine's gather op, for training rows resident on the device ({@link FeaturePlacement#DEVICE}). */
    public static RowGather rowGather() {
        return TensorFlowProbe.GATHER;
    }

    /** The memory the default engine gives {@code manager}'s device, when it says (see {@link DeviceMemory}). */
    public static OptionalLong deviceMemoryLimit(NDManager manager) {
        return TensorFlowProbe.deviceMemoryLimit(manager);
    }

    /** The probe training uses: the default engine's fused step on {@code device}. */
    public static Probe probe(Device device) {
        return TensorFlowProbe.fused(device);
    }

    /**
     * The reference probe: the same procedure with {@link ReferenceProbeStep} (plain NDArray ops) on
     * the default engine's arrays on {@code device}. For cross-checks; slower, not bit-identical to
     * {@link #probe}.
     */
    public static Probe reference(Device device) {
        return LinearProbe.reference(defaultEngine().newBaseManager(device));
    }
}

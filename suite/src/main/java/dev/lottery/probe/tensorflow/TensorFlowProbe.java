package dev.lottery.probe.tensorflow;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.lottery.probe.LinearProbe;
import dev.lottery.probe.ProbeStep;
import dev.lottery.probe.RowGather;
import java.util.OptionalLong;

/**
 * The probe's TensorFlow adapter: the one place in {@code probe} that names the engine. The fused
 * step and its eager ops ({@link FusedProbeStep}, {@link EagerOps}) live beside it; the rest of the
 * probe sees them only as a {@link ProbeStep.Factory}.
 */
public final class TensorFlowProbe {

    /** DJL's name for the engine (as in provenance records and reports). */
    public static final String ENGINE = "TensorFlow";

    /** The system property that points the engine at its unpacked natives (the launcher and the build set it). */
    public static final String LIBRARY_PATH_PROPERTY = "TENSORFLOW_LIBRARY_PATH";

    /** The fused step: TensorFlow's MatMul, Softmax, TensorScatterAdd and ResourceApplyMomentum kernels. */
    public static final ProbeStep.Factory FUSED_STEP = FusedProbeStep::new;

    /** Rows of a device array gathered by TensorFlow's GatherV2 (device-resident training features). */
    public static final RowGather GATHER = new TensorFlowGather();

    private TensorFlowProbe() {}

    /** The memory TensorFlow gives {@code manager}'s device (its allocator's limit), when it says. */
    public static OptionalLong deviceMemoryLimit(NDManager manager) {
        return TensorFlowMemory.limit(manager);
    }

    /** The engine as loaded in this process (starts it on first use). */
    public static Engine engine() {
        return Engine.getEngine(ENGINE);
    }

    /** A probe training with the fused step on {@code device}. */
    public static LinearProbe fused(Device device) {
        return new LinearProbe(engine().newBaseManager(device), FUSED_STEP);
    }
}

package dev.lottery.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A numeric environment one machine can put a child run in: environment variables TensorFlow and
 * oneDNN read at start, the engine's intra-op threads, the device. {@code lottery calibrate} runs the
 * suite under several to measure how far they move each fixture.
 *
 * @param name        the name on the command line and in the calibration files
 * @param variables   set in the child (a null value removes the variable: the default environment removes them all)
 * @param intraOp     the engine's intra-op threads (0 = the child's default: the available processors)
 * @param device      the run's --device
 */
public record EmulatedEnvironment(String name, Map<String, String> variables, int intraOp, String device,
        String description) {

    /** The variables that select numerics; the default environment unsets them. */
    static final List<String> NUMERIC_VARIABLES = dev.lottery.report.NumericEnvironment.VARIABLES;

    private static EmulatedEnvironment of(String name, String description, int intraOp, String device,
            String... keyValues) {
        Map<String, String> vars = new LinkedHashMap<>();
        NUMERIC_VARIABLES.forEach(v -> vars.put(v, null));
        for (int i = 0; i < keyValues.length; i += 2) {
            vars.put(keyValues[i], keyValues[i + 1]);
        }
        return new EmulatedEnvironment(name, java.util.Collections.unmodifiableMap(vars), intraOp, device, description);
    }

    /** Every environment this code knows, in a fixed order. */
    public static List<EmulatedEnvironment> known() {
        return List.of(
                of("default", "oneDNN on with all the CPU's ISA, intra-op threads = cores", 0, "cpu"),
                of("isa-avx2", "oneDNN capped at AVX2 (ONEDNN_MAX_CPU_ISA=AVX2): a CPU without AVX-512", 0, "cpu",
                        "ONEDNN_MAX_CPU_ISA", "AVX2"),
                of("isa-avx512", "oneDNN capped at AVX512_CORE: AVX-512 without VNNI/BF16/AMX", 0, "cpu",
                        "ONEDNN_MAX_CPU_ISA", "AVX512_CORE"),
                of("onednn-off", "TensorFlow's own Eigen kernels (TF_ENABLE_ONEDNN_OPTS=0)", 0, "cpu",
                        "TF_ENABLE_ONEDNN_OPTS", "0"),
                of("threads-1", "one intra-op thread (another core count)", 1, "cpu"),
                of("gpu", "the first GPU, TF32 as the driver defaults (needs the gpu profile's natives)", 0, "gpu"),
                of("gpu-no-tf32", "the first GPU with TF32 off (NVIDIA_TF32_OVERRIDE=0)", 0, "gpu",
                        "NVIDIA_TF32_OVERRIDE", "0"),
                of("gpu-deterministic", "the first GPU with deterministic kernels and cuDNN algorithms "
                        + "(TF_DETERMINISTIC_OPS=1)", 0, "gpu", "TF_DETERMINISTIC_OPS", "1"));
    }

    /** The CPU environments calibrate uses when none are named. */
    public static List<String> defaultNames() {
        return List.of("default", "isa-avx2", "onednn-off", "threads-1");
    }

    /** A known environment by name, or several joined by '+' (for example {@code isa-avx2+threads-1}). */
    public static EmulatedEnvironment named(String name) {
        EmulatedEnvironment out = null;
        for (String part : name.split("\\+")) {
            EmulatedEnvironment e = known().stream().filter(k -> k.name().equals(part.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown numeric environment '" + part + "'; known: "
                            + known().stream().map(EmulatedEnvironment::name).toList() + " (join several with '+')"));
            out = out == null ? e : out.and(e);
        }
        if (out == null) {
            throw new IllegalArgumentException("expected a numeric environment name, found '" + name + "'");
        }
        return out;
    }

    /** Both environments' settings; the other's win where both set one. */
    EmulatedEnvironment and(EmulatedEnvironment other) {
        Map<String, String> vars = new LinkedHashMap<>(variables);
        other.variables.forEach((k, v) -> {
            if (v != null || !vars.containsKey(k)) {
                vars.put(k, v);
            }
        });
        return new EmulatedEnvironment(name + "+" + other.name, java.util.Collections.unmodifiableMap(vars),
                other.intraOp > 0 ? other.intraOp : intraOp, other.device.equals("gpu") ? "gpu" : device,
                description + "; " + other.description);
    }
}

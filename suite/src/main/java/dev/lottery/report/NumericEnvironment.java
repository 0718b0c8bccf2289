package dev.lottery.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changes a run's floating-point results on the same code, seeds and data: the CPU's vector
 * ISA, whether TensorFlow routes kernels through oneDNN and the ISA oneDNN is capped at, the engine's
 * thread pools, the engine and its version, the device. Two runs whose {@link #key()} differ may
 * differ in the last bits of every feature and so, through the probe's SGD, by seed-sized amounts in
 * a score; the expectations' noise models ({@code sd_numeric}) are measured over such environments
 * by {@code lottery calibrate}.
 *
 * @param cpuModel   the CPU's model name
 * @param isaFlags   the CPU flags that select kernels: avx, avx2, fma, f16c, avx512*, amx*, avx_vnni
 * @param cpuIsa     the best oneDNN ISA the CPU offers (oneDNN's names: sse41 ... avx512_core_amx)
 * @param onednn     whether TensorFlow's oneDNN kernels are on ({@code TF_ENABLE_ONEDNN_OPTS}, on by default on x86-64 Linux)
 * @param onednnCap  {@code ONEDNN_MAX_CPU_ISA} (or {@code DNNL_MAX_CPU_ISA}) as set, "" = no cap
 * @param effectiveIsa the ISA oneDNN's kernels run with: the lower of {@code cpuIsa} and the cap ("eigen" when oneDNN is off)
 * @param intraOpThreads the engine's intra-op thread pool size
 * @param interOpThreads the engine's inter-op thread pool size
 * @param engine     engine name and version, for example "TensorFlow 2.18.0"
 * @param device     the device the heads are trained on, for example "cpu()"
 * @param gpuSettings the variables that change GPU numerics, as set ({@code NVIDIA_TF32_OVERRIDE},
 *                   {@code TF_DETERMINISTIC_OPS}, {@code TF_CUDNN_DETERMINISTIC}); empty when none is
 */
public record NumericEnvironment(String cpuModel, List<String> isaFlags, String cpuIsa, boolean onednn, String onednnCap,
        String effectiveIsa, int intraOpThreads, int interOpThreads, String engine, String device,
        Map<String, String> gpuSettings) {

    /** Variables that change a GPU's numerics (TF32 matmuls, cuDNN's algorithm choice). */
    static final List<String> GPU_VARIABLES = List.of("NVIDIA_TF32_OVERRIDE", "TF_DETERMINISTIC_OPS",
            "TF_CUDNN_DETERMINISTIC");

    /** Every environment variable this record reads: what selects a run's numerics. */
    public static final List<String> VARIABLES = java.util.stream.Stream.concat(
            java.util.stream.Stream.of("TF_ENABLE_ONEDNN_OPTS", "ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA"),
            GPU_VARIABLES.stream()).toList();

    /** oneDNN's CPU ISA names, weakest first (oneDNN's cpu_isa_t order for x86-64). */
    static final List<String> ISAS = List.of("sse41", "avx", "avx2", "avx2_vnni", "avx2_vnni_2", "avx512_core",
            "avx512_core_vnni", "avx512_core_bf16", "avx512_core_fp16", "avx512_core_amx", "avx512_core_amx_fp16");

    /** The system properties DJL's TensorFlow engine reads for its thread pools (eager context and sessions). */
    public static final String INTRA_OP_PROPERTY = "ai.djl.tensorflow.num_intraop_threads";
    public static final String INTER_OP_PROPERTY = "ai.djl.tensorflow.num_interop_threads";

    /**
     * Fixes the engine's thread pools before the engine starts: {@code intra} (0 = the available
     * processors) and {@code inter} threads, unless the JVM was started with them set (then those
     * stand). Must run before the engine's first use; the values are what {@link #probe} reports.
     */
    public static void configureThreads(int intra, int inter) {
        if (System.getProperty(INTRA_OP_PROPERTY) == null) {
            System.setProperty(INTRA_OP_PROPERTY,
                    Integer.toString(intra > 0 ? intra : Runtime.getRuntime().availableProcessors()));
        }
        if (System.getProperty(INTER_OP_PROPERTY) == null) {
            System.setProperty(INTER_OP_PROPERTY, Integer.toString(inter > 0 ? inter : 1));
        }
    }

    /** This process's numeric environment, for the given engine description and device. */
    public static NumericEnvironment probe(String engine, String device) {
        return of(cpuInfo(), System.getenv(), engine, device, Integer.getInteger(INTRA_OP_PROPERTY, 0),
                Integer.getInteger(INTER_OP_PROPERTY, 0));
    }

    /** The environment described by {@code /proc/cpuinfo} text and environment variables (tests). */
    static NumericEnvironment of(String cpuinfo, Map<String, String> env, String engine, String device, int intra,
            int inter) {
        String model = "unknown";
        Set<String> flags = new TreeSet<>();
        for (String line : cpuinfo.split("\n")) {
            if (line.startsWith("model name") && model.equals("unknown")) {
                model = line.substring(line.indexOf(':') + 1).trim();
            } else if (line.startsWith("flags") && flags.isEmpty()) {
                for (String f : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
                    if (f.startsWith("avx") || f.startsWith("amx") || f.equals("fma") || f.equals("f16c")) {
                        flags.add(f);
                    }
                }
            }
        }
        String cpuIsa = cpuIsa(flags);
        String tfOpts = env.getOrDefault("TF_ENABLE_ONEDNN_OPTS", "").trim().toLowerCase(Locale.ROOT);
        boolean onednn = !(tfOpts.equals("0") || tfOpts.equals("false"));
        String cap = env.getOrDefault("ONEDNN_MAX_CPU_ISA", env.getOrDefault("DNNL_MAX_CPU_ISA", "")).trim()
                .toLowerCase(Locale.ROOT);
        String effective = !onednn ? "eigen" : lower(cpuIsa, cap);
        Map<String, String> gpu = new java.util.TreeMap<>();
        GPU_VARIABLES.forEach(v -> {
            if (env.get(v) != null && !env.get(v).isBlank()) {
                gpu.put(v, env.get(v).trim());
            }
        });
        return new NumericEnvironment(model, List.copyOf(flags), cpuIsa, onednn, cap, effective, intra, inter, engine,
                device, java.util.Collections.unmodifiableMap(gpu));
    }

    static String cpuIsa(Set<String> f) {
        boolean core = f.containsAll(Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq"));
        if (core && f.contains("amx_tile") && f.contains("amx_fp16")) {
            return "avx512_core_amx_fp16";
        }
        if (core && f.contains("amx_tile") && f.contains("amx_bf16")) {
            return "avx512_core_amx";
        }
        if (core && f.contains("avx512_fp16")) {
            return "avx512_core_fp16";
        }
        if (core && f.contains("avx512_bf16")) {
            return "avx512_core_bf16";
        }
        if (core && f.contains("avx512_vnni")) {
            return "avx512_core_vnni";
        }
        if (core) {
            return "avx512_core";
        }
        if (f.contains("avx2") && f.contains("avx_vnni")) {
            return "avx2_vnni";
        }
        if (f.contains("avx2")) {
            return "avx2";
        }
        return f.contains("avx") ? "avx" : "sse41";
    }

    /** The lower of the CPU's ISA and a cap; an unknown or empty cap leaves the CPU's. */
    static String lower(String cpu, String cap) {
        int c = ISAS.indexOf(cap.replace("all", ""));
        int p = ISAS.indexOf(cpu);
        return c < 0 || p < 0 ? cpu : ISAS.get(Math.min(c, p));
    }

    /**
     * The part of a cache key that says which numeric environment computed a head: two environments
     * with the same key give bit-identical heads for the same inputs (the CPU model is not in it, its
     * ISA is).
     */
    public String key() {
        return "numeric[" + engine + ",device=" + device + ",onednn=" + (onednn ? effectiveIsa : "off") + ",intra="
                + intraOpThreads + ",inter=" + interOpThreads
                + (device.startsWith("gpu") && !gpuSettings.isEmpty() ? "," + gpuSettings : "") + "]";
    }

    /** As written into environment.json under {@code numeric}. */
    public Map<String, Object> facts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key());
        m.put("cpuModel", cpuModel);
        m.put("isaFlags", isaFlags);
        m.put("cpuIsa", cpuIsa);
        m.put("onednn", onednn);
        m.put("onednnMaxCpuIsa", onednnCap.isEmpty() ? "unset (all the CPU has)" : onednnCap);
        m.put("effectiveIsa", effectiveIsa);
        m.put("intraOpThreads", intraOpThreads);
        m.put("interOpThreads", interOpThreads);
        m.put("engine", engine);
        m.put("device", device);
        m.put("gpuSettings", gpuSettings);
        return m;
    }

    private static String cpuInfo() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return ""; // not Linux: the model and flags stay unknown, and say so
        }
    }

    @Override
    public String toString() {
        return key() + " on " + cpuModel + " (" + String.join(" ", isaFlags) + ")";
    }
}

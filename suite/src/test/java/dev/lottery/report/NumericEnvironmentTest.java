package dev.lottery.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NumericEnvironmentTest {

    private static final String EPYC = "processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu sse4_2 avx f16c fma avx2 "
            + "avx512f avx512dq avx512bw avx512vl avx512_vnni avx512_bf16 sha_ni\n\nprocessor\t: 1\nmodel name\t: AMD EPYC\n";

    @Test
    void readsTheIsaFromCpuFlagsAndTheCapAndSwitchFromTheEnvironment() {
        NumericEnvironment d = NumericEnvironment.of(EPYC, Map.of(), "TensorFlow 2.18.0", "cpu()", 2, 1);
        assertThat(d.cpuModel()).isEqualTo("AMD EPYC");
        assertThat(d.isaFlags()).contains("avx2", "avx512_bf16", "fma").doesNotContain("sha_ni", "fpu");
        assertThat(d.cpuIsa()).isEqualTo("avx512_core_bf16");
        assertThat(d.onednn()).isTrue();
        assertThat(d.effectiveIsa()).isEqualTo("avx512_core_bf16");

        NumericEnvironment capped = NumericEnvironment.of(EPYC, Map.of("ONEDNN_MAX_CPU_ISA", "AVX2"), "TensorFlow 2.18.0",
                "cpu()", 2, 1);
        assertThat(capped.effectiveIsa()).isEqualTo("avx2");
        assertThat(capped.key()).isNotEqualTo(d.key());
        // a cap above what the CPU has changes nothing: the same key, so the same cached heads
        NumericEnvironment high = NumericEnvironment.of(EPYC, Map.of("ONEDNN_MAX_CPU_ISA", "AVX512_CORE_AMX"),
                "TensorFlow 2.18.0", "cpu()", 2, 1);
        assertThat(high.key()).isEqualTo(d.key());

        NumericEnvironment off = NumericEnvironment.of(EPYC, Map.of("TF_ENABLE_ONEDNN_OPTS", "0"), "TensorFlow 2.18.0",
                "cpu()", 2, 1);
        assertThat(off.onednn()).isFalse();
        assertThat(off.key()).contains("onednn=off");
        assertThat(NumericEnvironment.of(EPYC, Map.of(), "TensorFlow 2.18.0", "cpu()", 1, 1).key()).isNotEqualTo(d.key());
        assertThat(d.facts()).containsEntry("intraOpThreads", 2).containsEntry("onednnMaxCpuIsa", "unset (all the CPU has)");
    }

    @Test
    void gpuNumericsSettingsArePartOfAGpuKey() {
        NumericEnvironment tf32 = NumericEnvironment.of(EPYC, Map.of(), "TensorFlow 2.16.1", "gpu(0)", 2, 1);
        NumericEnvironment off = NumericEnvironment.of(EPYC, Map.of("NVIDIA_TF32_OVERRIDE", "0"), "TensorFlow 2.16.1",
                "gpu(0)", 2, 1);
        assertThat(off.gpuSettings()).containsEntry("NVIDIA_TF32_OVERRIDE", "0");
        assertThat(off.key()).contains("NVIDIA_TF32_OVERRIDE=0").isNotEqualTo(tf32.key());
        // on the CPU they change nothing, and so stay out of the key
        assertThat(NumericEnvironment.of(EPYC, Map.of("NVIDIA_TF32_OVERRIDE", "0"), "e", "cpu()", 2, 1).key())
                .isEqualTo(NumericEnvironment.of(EPYC, Map.of(), "e", "cpu()", 2, 1).key());
    }

    @Test
    void anAvx2MachineAndAnUnknownOne() {
        String haswell = "model name\t: Intel Xeon E5\nflags\t\t: avx avx2 fma f16c\n";
        assertThat(NumericEnvironment.of(haswell, Map.of(), "e", "cpu()", 1, 1).cpuIsa()).isEqualTo("avx2");
        NumericEnvironment none = NumericEnvironment.of("", Map.of(), "e", "cpu()", 1, 1);
        assertThat(none.cpuModel()).isEqualTo("unknown");
        assertThat(none.cpuIsa()).isEqualTo("sse41");
    }
}

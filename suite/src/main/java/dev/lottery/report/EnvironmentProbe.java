package dev.lottery.report;

import dev.lottery.io.Ordered;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The environment fingerprint written to {@code environment.json}: what a reader needs to judge
 * whether two runs are comparable (JVM, OS, CPU, git commit) plus the run's own facts (engine,
 * device, seeds, dataset fingerprints, checkpoint digests, cache hits) handed in by the runner.
 */
public final class EnvironmentProbe {

    private EnvironmentProbe() {}

    /** {@code numeric} supplies the CPU model (read once per run, with the ISA flags). */
    public static Map<String, Object> collect(Path home, NumericEnvironment numeric, Map<String, Object> runFacts) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("jvm", Ordered.map(
                "version", System.getProperty("java.version"),
                "vendor", System.getProperty("java.vendor"),
                "vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        env.put("cpu", Ordered.map("model", numeric.cpuModel().equals("unknown") ? System.getProperty("os.arch")
                : numeric.cpuModel(), "availableProcessors", Runtime.getRuntime().availableProcessors()));
        env.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        env.put("git", git(home));
        env.putAll(runFacts);
        return env;
    }

    private static Map<String, Object> git(Path home) {
        Map<String, Object> out = new LinkedHashMap<>();
        String commit = run(home, "git", "rev-parse", "HEAD");
        out.put("commit", commit == null ? "unknown" : commit);
        String status = run(home, "git", "status", "--porcelain", "--untracked-files=no");
        out.put("dirty", status == null ? "unknown" : !status.isEmpty());
        return out;
    }

    private static String run(Path dir, String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

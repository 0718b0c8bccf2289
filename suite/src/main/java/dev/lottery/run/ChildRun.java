package dev.lottery.run;

import dev.lottery.report.NumericEnvironment;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code lottery run} in a child JVM under an {@link EmulatedEnvironment}: oneDNN and its ISA cap are
 * read once when TensorFlow's natives load, so another numeric environment needs another process. The
 * child is this JVM's java, class path and flags, less the engine thread settings the environment
 * sets itself.
 */
public final class ChildRun {

    private ChildRun() {}

    /** Runs {@code lottery run <runArgs>} under {@code env}; output goes to {@code log}; returns the exit status. */
    public static int run(Path home, EmulatedEnvironment env, List<String> runArgs, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-D" + NumericEnvironment.INTRA_OP_PROPERTY + "=")
                    && !a.startsWith("-D" + NumericEnvironment.INTER_OP_PROPERTY + "=")
                    && !a.startsWith("-agentlib") && !a.startsWith("-javaagent")) {
                command.add(a);
            }
        }
        command.add("-Dlottery.home=" + home);
        if (env.intraOp() > 0) {
            command.add("-D" + NumericEnvironment.INTRA_OP_PROPERTY + "=" + env.intraOp());
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.lottery.cli.Main");
        command.add("run");
        command.addAll(runArgs);
        command.add("--device");
        command.add(env.device());
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> vars = pb.environment();
        env.variables().forEach((k, v) -> {
            if (v == null) {
                vars.remove(k);
            } else {
                vars.put(k, v);
            }
        });
        vars.putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
        vars.put("DJL_OFFLINE", "true");
        Process p = pb.start();
        return p.waitFor();
    }
}

package dev.lottery.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the JMH benchmarks and writes their JSON to {@code reports/bench/}. */
@Command(name = "bench", description = "Run the JMH benchmarks of dev.lottery.bench (probe step vs matmul, epoch, backbone, decode, pipeline, scorer) and write reports/bench/<time>.json.",
        footerHeading = "%nExamples:%n",
        footer = {"  ./lottery bench                                   every benchmark (minutes)",
            "  ./lottery bench --include 'ProbeBenchmark.*' --forks 2",
            "  ./lottery bench --include ScorerBenchmark",
            "  ./lottery bench --include 'PipelineBenchmark' --param threads=4 --param device=gpu --time 5"})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--include", defaultValue = "dev.lottery.*", description = "Benchmark regex (default: ${DEFAULT-VALUE}).")
    String include;

    @Option(names = "--forks", defaultValue = "1")
    int forks;

    @Option(names = "--warmup", defaultValue = "3", description = "Warmup iterations.")
    int warmup;

    @Option(names = "--iterations", defaultValue = "5", description = "Measurement iterations.")
    int iterations;

    @Option(names = "--param", paramLabel = "NAME=V1[,V2...]",
            description = "Override a benchmark @Param (repeatable), as JMH's -p, e.g. --param device=gpu.")
    java.util.List<String> params = new java.util.ArrayList<>();

    @Option(names = "--time", paramLabel = "SECONDS",
            description = "Seconds per warmup and per measurement iteration (default: each benchmark's own).")
    Integer seconds;

    @Override
    public Integer call() throws Exception {
        // checked before anything is written or forked
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq < 1 || eq == p.length() - 1) {
                throw new IllegalArgumentException("--param takes NAME=V1[,V2...], got '" + p + "'");
            }
        }
        if (seconds != null && seconds < 1) {
            throw new IllegalArgumentException("--time must be >= 1 second, got " + seconds);
        }
        Path dir = Main.home().resolve("reports").resolve("bench");
        Files.createDirectories(dir);
        Path out = dir.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
        // forks inherit this JVM's flags (TF library path, offline mode, lottery.home)
        var builder = new OptionsBuilder().include(include).forks(forks).warmupIterations(warmup)
                .measurementIterations(iterations).resultFormat(ResultFormatType.JSON).result(out.toString());
        for (String p : params) {
            int eq = p.indexOf('=');
            builder.param(p.substring(0, eq), p.substring(eq + 1).split(","));
        }
        if (seconds != null) {
            builder.warmupTime(TimeValue.seconds(seconds)).measurementTime(TimeValue.seconds(seconds));
        }
        Options opts = builder.build();
        new Runner(opts).run();
        Files.copy(out, dir.resolve("latest.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("lottery: benchmark results in " + out);
        return 0;
    }
}

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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the JMH benchmarks and writes their JSON to {@code reports/bench/}. */
@Command(name = "bench", description = "Run the JMH benchmarks of dev.lottery.bench (probe step vs matmul, epoch, backbone, decode, pipeline, scorer) and write reports/bench/<time>.json.",
        footerHeading = "%nExamples:%n",
        footer = {"  ./lottery bench                                   every benchmark (minutes)",
            "  ./lottery bench --include 'ProbeBenchmark.*' --forks 2",
            "  ./lottery bench --include ScorerBenchmark"})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--include", defaultValue = "dev.lottery.*", description = "Benchmark regex (default: ${DEFAULT-VALUE}).")
    String include;

    @Option(names = "--forks", defaultValue = "1")
    int forks;

    @Option(names = "--warmup", defaultValue = "3", description = "Warmup iterations.")
    int warmup;

    @Option(names = "--iterations", defaultValue = "5", description = "Measurement iterations.")
    int iterations;

    @Override
    public Integer call() throws Exception {
        Path dir = Main.home().resolve("reports").resolve("bench");
        Files.createDirectories(dir);
        Path out = dir.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
        // forks inherit this JVM's flags (TF library path, offline mode, lottery.home)
        Options opts = new OptionsBuilder().include(include).forks(forks).warmupIterations(warmup)
                .measurementIterations(iterations).resultFormat(ResultFormatType.JSON).result(out.toString())
                .build();
        new Runner(opts).run();
        Files.copy(out, dir.resolve("latest.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("lottery: benchmark results in " + out);
        return 0;
    }
}

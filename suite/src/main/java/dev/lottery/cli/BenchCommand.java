package dev.lottery.cli;

import dev.lottery.bench.StepRatios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs the JMH benchmarks and writes their JSON to {@code reports/bench/}. */
@Command(name = "bench", description = "Run the JMH benchmarks of dev.lottery.bench (probe step vs matmul, epoch, backbone, full-width extraction, decode, augment, pipeline, scorer) and write reports/bench/<time>.json.",
        footerHeading = "%nExamples:%n",
        footer = {"  ./lottery bench                                   every benchmark (minutes)",
            "  ./lottery bench --include 'ProbeBenchmark.*' --forks 2",
            "  ./lottery bench --include ScorerBenchmark",
            "  ./lottery bench --include 'PipelineBenchmark' --param threads=4 --param device=gpu --time 5",
            "  ./lottery bench --include PipelineBenchmark -- -p transform=center,augmented -p threads=1 -r 10s",
            "                                                    JMH's own options after --"})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--include", defaultValue = "dev.lottery.*", description = "Benchmark regex (default: ${DEFAULT-VALUE}).")
    String include;

    // no picocli defaults: JMH options after -- (-f, -wi, -i) win over the defaults, never over these flags
    @Option(names = "--forks", description = "Forks (default: 1).")
    Integer forks;

    @Option(names = "--warmup", description = "Warmup iterations (default: 3).")
    Integer warmup;

    @Option(names = "--iterations", description = "Measurement iterations (default: 5).")
    Integer iterations;

    @Parameters(arity = "0..*", paramLabel = "JMH-OPTION",
            description = "JMH's own command-line options, after --: -p NAME=V1,V2 (parameters), -w/-r TIME, -wi/-i N, ...")
    List<String> jmh = new ArrayList<>();

    @Option(names = "--param", paramLabel = "NAME=V1[,V2...]",
            description = "Override a benchmark @Param (repeatable), as JMH's -p, e.g. --param device=gpu.")
    List<String> params = new ArrayList<>();

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
        CommandLineOptions given = new CommandLineOptions(jmh.toArray(String[]::new));
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(given).include(include)
                .forks(pick(forks, given.getForkCount(), 1))
                .warmupIterations(pick(warmup, given.getWarmupIterations(), 3))
                .measurementIterations(pick(iterations, given.getMeasurementIterations(), 5))
                .resultFormat(ResultFormatType.JSON).result(out.toString());
        for (String p : params) {
            int eq = p.indexOf('=');
            builder.param(p.substring(0, eq), p.substring(eq + 1).split(","));
        }
        if (seconds != null) {
            builder.warmupTime(TimeValue.seconds(seconds)).measurementTime(TimeValue.seconds(seconds));
        }
        Options opts = builder.build();
        var results = new Runner(opts).run();
        for (StepRatios.Ratio r : StepRatios.of(results)) {
            System.out.println("lottery: " + r.line());
        }
        Files.copy(out, dir.resolve("latest.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("lottery: benchmark results in " + out);
        return 0;
    }

    /** This command's flag, else JMH's option after --, else the command's default. */
    private static int pick(Integer flag, Optional<Integer> jmhOption, int fallback) {
        return flag != null ? flag : jmhOption.orElse(fallback);
    }
}

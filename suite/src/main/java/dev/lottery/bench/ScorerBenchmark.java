package dev.lottery.bench;

import dev.lottery.score.Score;
import dev.lottery.score.Scorer;
import dev.lottery.score.ScoringRule;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of scoring one ImageNet-sized variant (default 50,000 x 1000 logits) with each rule.
 * Run: {@code ./lottery bench --include ScorerBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScorerBenchmark {

    @Param("50000")
    int samples;

    @Param("1000")
    int classes;

    float[] logits;
    int[][] labels;
    int[][] labelSets;
    ScoringRule.ClassSubset subset;

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(7);
        logits = new float[samples * classes];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) random.nextGaussian();
        }
        int[] sub = new int[classes / 5];
        for (int k = 0; k < sub.length; k++) {
            sub[k] = 5 * k;
        }
        subset = new ScoringRule.ClassSubset(sub);
        labels = new int[samples][];
        labelSets = new int[samples][];
        for (int i = 0; i < samples; i++) {
            labels[i] = new int[] {sub[random.nextInt(sub.length)]};
            labelSets[i] = i % 16 == 0 ? new int[0] : new int[] {random.nextInt(classes), random.nextInt(classes)};
        }
    }

    @Benchmark
    public Score top1() {
        return Scorer.score(logits, classes, labels, new ScoringRule.Top1());
    }

    @Benchmark
    public Score labelSets() {
        return Scorer.score(logits, classes, labelSets, new ScoringRule.LabelSets());
    }

    @Benchmark
    public Score classSubset() {
        return Scorer.score(logits, classes, labels, subset);
    }
}

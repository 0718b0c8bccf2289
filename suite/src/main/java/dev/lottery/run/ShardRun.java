package dev.lottery.run;

import dev.lottery.catalog.Catalog;
import dev.lottery.catalog.Framework;
import dev.lottery.catalog.Suite;
import dev.lottery.catalog.Variant;
import dev.lottery.report.RunResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one shard of a suite and labels the result so {@link Merge} can check that a set of shards
 * is complete: the run id ends in {@code -shard<i>of<n>} and the environment gains a {@code shard}
 * entry (index, count, this shard's frameworks, and the whole run's frameworks and variants in order).
 */
public final class ShardRun {

    private ShardRun() {}

    public static RunResult run(Path home, RunOptions options, Shard shard, PrintStream log) throws IOException {
        Suite whole = Catalog.load(home, options.suite()).restrict(options.frameworks(), options.variants());
        List<String> frameworks = whole.frameworks().stream().map(Framework::id).toList();
        List<String> mine = shard.select(frameworks);
        log.println("lottery: shard " + shard + " runs frameworks " + mine + " of " + frameworks);
        RunResult r = Runner.run(home, options.withFrameworks(mine), log);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("index", shard.index());
        info.put("count", shard.count());
        info.put("frameworks", mine);
        info.put("runFrameworks", frameworks);
        info.put("runVariants", whole.variants().stream().map(Variant::id).toList());
        Map<String, Object> env = new LinkedHashMap<>(r.environment());
        env.put("shard", info);
        return new RunResult(r.runId() + "-" + shard.tag(), r.suite(), r.description(), r.fixtures(), r.analysis(),
                r.aggregates(), r.lotteryMargin(), env, r.badSamples(), r.notes(), r.wallSeconds(), r.failedFrameworks(),
                r.stageTimes());
    }
}

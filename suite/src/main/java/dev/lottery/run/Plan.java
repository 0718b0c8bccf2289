package dev.lottery.run;

import dev.lottery.catalog.Catalog;
import dev.lottery.catalog.Fixture;
import dev.lottery.catalog.Suite;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;

/**
 * What a run runs, as JMH's benchmark list: the suite's fixtures (frameworks x variants, each with
 * its expectation) x the seeds {@code firstSeed .. firstSeed + seedCount - 1}. The runner takes a plan
 * and options ({@link Runner#run(Plan, RunOptions, java.io.PrintStream)}); a plan comes from the
 * declaration files ({@link #load}) or from a {@link Suite#builder} in Java ({@link #of}).
 *
 * @param notes what the selection could not compute (an aggregate over a variant left out), said in the report
 */
public record Plan(Suite suite, long firstSeed, int seedCount, List<String> notes) {

    public Plan {
        if (seedCount < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, found " + seedCount);
        }
        if (firstSeed < 0) {
            throw new IllegalArgumentException("--seed-offset must be >= 0, found " + firstSeed);
        }
        notes = List.copyOf(notes);
    }

    /** Every fixture of {@code suite} with its declared number of seeds, from seed 0. */
    public static Plan of(Suite suite) {
        return new Plan(suite, 0, suite.seeds(), List.of());
    }

    /**
     * The plan {@code options} select from the declaration files under {@code home}: its suite, restricted
     * to the selected frameworks, variants and protocols, with the {@code --add}ed checkpoints, over the selected seeds.
     */
    public static Plan load(Path home, RunOptions options) {
        Suite declared = Catalog.load(home, options.suite());
        Suite selected = declared.restrict(options.frameworks(), options.variants()).onlyProtocols(options.protocols());
        Suite suite = AddedFrameworks.addTo(selected, options.added());
        return new Plan(suite, options.seedOffset(), options.seeds() != null ? options.seeds() : suite.seeds(),
                suite.aggregatesNotComputed(declared));
    }

    /** The same fixtures over the seeds {@code first .. first + count - 1}. */
    public Plan withSeeds(long first, int count) {
        return new Plan(suite, first, count, notes);
    }

    public List<Fixture> fixtures() {
        return suite.fixtures();
    }

    /** The seeds in run order. */
    public List<Long> seeds() {
        return LongStream.range(firstSeed, firstSeed + seedCount).boxed().toList();
    }
}

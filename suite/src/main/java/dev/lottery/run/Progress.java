package dev.lottery.run;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress of the long stages: a bar on a terminal, nothing otherwise (tests, CI logs). */
final class Progress {
    private final boolean bars;
    private final PrintStream log;

    Progress(boolean bars, PrintStream log) {
        this.bars = bars;
        this.log = log;
    }

    /** A tracker for {@code total} steps of a task; close it when the task ends. */
    Tracker start(String task, long total) {
        return start(task, total, 0);
    }

    /** A tracker for {@code total} steps of which {@code done} were done before (a resumed task). */
    Tracker start(String task, long total, long done) {
        if (!bars) {
            return new Tracker(null);
        }
        // startsFrom: the rate and ETA count only this run's steps
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .startsFrom(done, java.time.Duration.ZERO).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build();
        return new Tracker(bar);
    }

    void line(String text) {
        log.println(text);
    }

    static final class Tracker implements AutoCloseable {
        private final ProgressBar bar;

        Tracker(ProgressBar bar) {
            this.bar = bar;
        }

        void step(long n) {
            if (bar != null) {
                bar.stepBy(n);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}

package io.dlspark.jobs.tune;

import io.dlspark.console.ProgressLine;
import io.dlspark.tuning.optim.Trial;
import io.dlspark.tuning.search.EpochReporter;
import io.dlspark.tuning.search.TrialFunction;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs trials and prints {@code [tune] trial k/N done: <metric> <value>} as each ends, counting the trials of the
 * search (those of an earlier run included); a trial stopped early or failed says so.
 */
final class TrialProgress implements TrialFunction {
    private final TrialFunction trials;
    private final ProgressLine line;
    private final String metric;
    private final int budget;
    private final AtomicInteger done;

    TrialProgress(TrialFunction trials, ProgressLine line, String metric, int budget, int alreadyDone) {
        this.trials = trials;
        this.line = line;
        this.metric = metric;
        this.budget = budget;
        this.done = new AtomicInteger(alreadyDone);
    }

    @Override
    public void run(Trial trial, EpochReporter reporter) throws Exception {
        Last last = new Last(reporter);
        try {
            trials.run(trial, last);
        } catch (Exception | Error e) {
            line.update(String.format(Locale.ROOT, "trial %d/%d failed (trial %d): %s", done.incrementAndGet(), budget,
                trial.id(), String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
            throw e;
        }
        Double value = last.metrics == null ? null : last.metrics.get(metric);
        line.update(String.format(Locale.ROOT, "trial %d/%d done (trial %d): %s %s%s", done.incrementAndGet(), budget,
            trial.id(), metric, value == null ? "missing" : String.format(Locale.ROOT, "%.4f", value),
            last.stopped ? ", stopped early after epoch " + last.epoch : ""));
    }

    /** Forwards a trial's epochs and keeps the last one's metrics and whether the search stopped the trial. */
    private static final class Last implements EpochReporter {
        private final EpochReporter reporter;
        private Map<String, Double> metrics;
        private int epoch;
        private boolean stopped;

        Last(EpochReporter reporter) {
            this.reporter = reporter;
        }

        @Override
        public boolean report(int epoch, Map<String, Double> metrics) {
            this.epoch = epoch;
            this.metrics = metrics;
            boolean go = reporter.report(epoch, metrics);
            stopped = !go;
            return go;
        }

        @Override
        public void ranOn(String executor) {
            reporter.ranOn(executor);
        }
    }
}

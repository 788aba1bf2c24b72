package io.dlspark.tuning.search;

import io.dlspark.tuning.early.Decision;
import io.dlspark.tuning.ledger.EpochMetrics;
import io.dlspark.tuning.ledger.TrialRecord;
import io.dlspark.tuning.optim.Trial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a search from this JVM with a fixed number of slots, each a thread that asks the driver for a trial, runs it and
 * completes it, then at once asks for the next (asynchronous search). A trial that throws, or runs out of memory, is
 * recorded as failed and the search goes on.
 */
public final class LocalSearch {
    private final SearchDriver driver;
    private final String executor;
    private final int slots;

    /** One slot: trials run one after the other. */
    public LocalSearch(SearchDriver driver, String executor) {
        this(driver, executor, 1);
    }

    public LocalSearch(SearchDriver driver, String executor, int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("need at least one slot, got " + slots);
        }
        this.driver = driver;
        this.executor = executor;
        this.slots = slots;
    }

    /** Runs trials until the driver has none left; returns the records written by this call, in completion order. */
    public List<TrialRecord> run(TrialFunction function) throws IOException {
        List<TrialRecord> written = Collections.synchronizedList(new ArrayList<>());
        if (slots == 1) {
            runSlot(function, written);
            return List.copyOf(written);
        }
        ExecutorService pool = Executors.newFixedThreadPool(slots, r -> {
            Thread t = new Thread(r, "dlspark-trial-slot");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < slots; i++) {
                running.add(pool.submit(() -> {
                    runSlot(function, written);
                    return null;
                }));
            }
            for (Future<?> slot : running) {
                slot.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while trials were running", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IllegalStateException("a trial slot failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return List.copyOf(written);
    }

    private void runSlot(TrialFunction function, List<TrialRecord> written) {
        for (Optional<Trial> next = driver.next(); next.isPresent(); next = driver.next()) {
            try {
                written.add(driver.complete(runOne(next.get(), function)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private TrialResult runOne(Trial trial, TrialFunction function) {
        Reporter reporter = new Reporter(trial.id(), executor);
        long start = System.nanoTime();
        try {
            function.run(trial, reporter);
            return new TrialResult(trial, reporter.epochs, reporter.stopped, Optional.empty(), elapsed(start),
                    reporter.where);
        } catch (Exception | OutOfMemoryError e) {
            return TrialResult.failed(trial, reporter.epochs, e, elapsed(start), reporter.where);
        }
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Forwards one trial's epochs to the driver and remembers them, whether the driver stopped it, and where it ran. */
    private final class Reporter implements EpochReporter {
        private final int trialId;
        private final List<EpochMetrics> epochs = new ArrayList<>();
        private boolean stopped;
        private String where;

        Reporter(int trialId, String where) {
            this.trialId = trialId;
            this.where = where;
        }

        @Override
        public boolean report(int epoch, Map<String, Double> metrics) {
            EpochMetrics m = new EpochMetrics(epoch, metrics);
            epochs.add(m);
            Decision d = driver.report(trialId, m);
            stopped = d == Decision.STOP;
            return d == Decision.CONTINUE;
        }

        @Override
        public void ranOn(String executor) {
            where = executor;
        }
    }
}

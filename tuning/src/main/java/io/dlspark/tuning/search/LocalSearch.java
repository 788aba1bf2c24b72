package io.dlspark.tuning.search;

import io.dlspark.tuning.early.Decision;
import io.dlspark.tuning.ledger.EpochMetrics;
import io.dlspark.tuning.ledger.TrialRecord;
import io.dlspark.tuning.optim.Trial;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a search one trial at a time in this JVM: the reference executor for {@link SearchDriver}, and what tests
 * and benchmarks use. A trial that throws is recorded as failed and the search goes on.
 */
public final class LocalSearch {
    private final SearchDriver driver;
    private final String executor;

    public LocalSearch(SearchDriver driver, String executor) {
        this.driver = driver;
        this.executor = executor;
    }

    /** Runs trials until the driver has none left; returns the records written by this call. */
    public List<TrialRecord> run(TrialFunction function) throws IOException {
        List<TrialRecord> written = new ArrayList<>();
        for (Optional<Trial> next = driver.next(); next.isPresent(); next = driver.next()) {
            written.add(driver.complete(runOne(next.get(), function)));
        }
        return written;
    }

    private TrialResult runOne(Trial trial, TrialFunction function) {
        List<EpochMetrics> epochs = new ArrayList<>();
        boolean[] stopped = {false};
        long start = System.nanoTime();
        try {
            function.run(trial, (epoch, metrics) -> {
                EpochMetrics m = new EpochMetrics(epoch, metrics);
                epochs.add(m);
                Decision d = driver.report(trial.id(), m);
                stopped[0] = d == Decision.STOP;
                return d == Decision.CONTINUE;
            });
            return new TrialResult(trial, epochs, stopped[0], Optional.empty(), elapsed(start), executor);
        } catch (Exception | OutOfMemoryError e) {
            return TrialResult.failed(trial, epochs, e, elapsed(start), executor);
        }
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}

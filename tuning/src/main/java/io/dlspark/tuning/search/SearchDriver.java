package io.dlspark.tuning.search;

import io.dlspark.tuning.early.AshaScheduler;
import io.dlspark.tuning.early.Decision;
import io.dlspark.tuning.ledger.EpochMetrics;
import io.dlspark.tuning.ledger.TrialLedger;
import io.dlspark.tuning.ledger.TrialRecord;
import io.dlspark.tuning.ledger.TrialStatus;
import io.dlspark.tuning.optim.Objective;
import io.dlspark.tuning.optim.Optimizer;
import io.dlspark.tuning.optim.Trial;
import io.dlspark.tuning.space.SearchSpace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The execution-independent heart of a search: hands out trials within a budget ({@link #next}), answers per-epoch
 * early-stopping questions ({@link #report}) and records finished trials ({@link #complete}) while feeding the
 * optimizer. Thread-safe.
 */
public final class SearchDriver {
    private static final Logger LOG = LoggerFactory.getLogger(SearchDriver.class);

    private final SearchSpace space;
    private final Objective objective;
    private final Optimizer optimizer;
    private final TrialLedger ledger;
    private final Optional<AshaScheduler> scheduler;
    private final int maxTrials;
    private final Set<Integer> running = new HashSet<>();

    public SearchDriver(SearchSpace space, Objective objective, Optimizer optimizer, TrialLedger ledger,
                        Optional<AshaScheduler> scheduler, int maxTrials) {
        if (maxTrials < 1) {
            throw new IllegalArgumentException("the trial budget must be >= 1, got " + maxTrials);
        }
        this.space = space;
        this.objective = objective;
        this.optimizer = optimizer;
        this.ledger = ledger;
        this.scheduler = scheduler;
        this.maxTrials = maxTrials;
        replay();
    }

    private void replay() {
        List<TrialRecord> records = ledger.records();
        for (TrialRecord r : records) {
            Trial trial = new Trial(r.trialId(), space.assignment(r.params()));
            if (r.status() == TrialStatus.FAILED) {
                optimizer.fail(trial);
            } else {
                optimizer.observe(trial, objective.loss(r.objective().getAsDouble()));
            }
            scheduler.ifPresent(s -> r.epochs().forEach(e -> s.report(r.trialId(), e.epoch(), loss(e))));
        }
        if (!records.isEmpty()) {
            LOG.info("Resumed {} finished trials from {}", records.size(), ledger.path());
        }
    }

    /** A new trial to run, or empty when finished and running trials already fill the budget. */
    public synchronized Optional<Trial> next() {
        if (ledger.records().size() + running.size() >= maxTrials) {
            return Optional.empty();
        }
        List<Trial> proposals = optimizer.suggest(1);
        if (proposals.isEmpty()) {
            return Optional.empty();
        }
        Trial trial = proposals.get(0);
        running.add(trial.id());
        return Optional.of(trial);
    }

    /** Whether a running trial should train on after reporting {@code metrics} for {@code epoch}. */
    public synchronized Decision report(int trialId, EpochMetrics metrics) {
        if (scheduler.isEmpty()) {
            return Decision.CONTINUE;
        }
        return scheduler.get().report(trialId, metrics.epoch(), loss(metrics));
    }

    /**
     * Records a finished trial and feeds its loss to the optimizer. Without an error, the objective is the
     * objective metric of the last epoch; when that is missing or not finite the trial is recorded as failed.
     */
    public synchronized TrialRecord complete(TrialResult result) throws IOException {
        Trial trial = result.trial();
        Optional<String> error = result.error();
        OptionalDouble value = OptionalDouble.empty();
        if (error.isEmpty()) {
            Double last = result.epochs().isEmpty() ? null
                    : result.epochs().get(result.epochs().size() - 1).metrics().get(objective.metric());
            if (last == null || !Double.isFinite(last)) {
                error = Optional.of("objective metric " + objective.metric() + " is " + (last == null ? "missing" : last));
            } else {
                value = OptionalDouble.of(last);
            }
        }
        TrialStatus status = error.isPresent() ? TrialStatus.FAILED
                : result.stoppedEarly() ? TrialStatus.STOPPED : TrialStatus.OK;
        TrialRecord record = new TrialRecord(trial.id(), trial.assignment().values(), status, value, error,
                result.epochs(), result.durationMillis(), result.executor());
        ledger.append(record);
        running.remove(trial.id());
        if (status == TrialStatus.FAILED) {
            optimizer.fail(trial);
            LOG.warn("Trial {} failed: {}", trial.id(), error.get());
        } else {
            optimizer.observe(trial, objective.loss(value.getAsDouble()));
        }
        return record;
    }

    /** The number of trials handed out and not yet completed. */
    public synchronized int running() {
        return running.size();
    }

    /** The best finished trial (ok or stopped) by the objective. */
    public synchronized Optional<TrialRecord> best() {
        return ledger.records().stream()
                .filter(r -> r.objective().isPresent())
                .min(Comparator.comparingDouble(r -> objective.loss(r.objective().getAsDouble())));
    }

    public List<TrialRecord> records() {
        return ledger.records();
    }

    private double loss(EpochMetrics e) {
        Double v = e.metrics().get(objective.metric());
        return v == null ? Double.NaN : objective.loss(v);
    }
}

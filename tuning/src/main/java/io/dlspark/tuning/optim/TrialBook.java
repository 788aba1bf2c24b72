package io.dlspark.tuning.optim;

import io.dlspark.tuning.space.Assignment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Bookkeeping shared by optimizers: id allocation, pending proposals, observations and failures. */
final class TrialBook {
    private final Map<Integer, Trial> pending = new LinkedHashMap<>();
    private final List<Trial> observedTrials = new ArrayList<>();
    private final List<Double> losses = new ArrayList<>();
    private final List<Trial> failed = new ArrayList<>();
    private int nextId;

    /** The id the next proposal will get; ids continue after any observed from an earlier run. */
    int nextId() {
        return nextId;
    }

    Trial propose(Assignment assignment) {
        Trial trial = new Trial(nextId++, assignment);
        pending.put(trial.id(), trial);
        return trial;
    }

    void observe(Trial trial, double loss) {
        settle(trial);
        if (Double.isFinite(loss)) {
            observedTrials.add(trial);
            losses.add(loss);
        } else {
            failed.add(trial);
        }
    }

    void fail(Trial trial) {
        settle(trial);
        failed.add(trial);
    }

    private void settle(Trial trial) {
        pending.remove(trial.id());
        nextId = Math.max(nextId, trial.id() + 1);
    }

    List<Trial> pending() {
        return List.copyOf(pending.values());
    }

    List<Trial> observed() {
        return Collections.unmodifiableList(observedTrials);
    }

    List<Double> losses() {
        return Collections.unmodifiableList(losses);
    }

    List<Trial> failed() {
        return Collections.unmodifiableList(failed);
    }

    /** Every assignment proposed so far, finished or not. */
    List<Assignment> seen() {
        List<Assignment> all = new ArrayList<>();
        observedTrials.forEach(t -> all.add(t.assignment()));
        failed.forEach(t -> all.add(t.assignment()));
        pending.values().forEach(t -> all.add(t.assignment()));
        return all;
    }
}

package io.dlspark.train;

import java.util.List;

/**
 * The running choice of {@link EpochSelection}: the best epoch so far by its validation metric and how many epochs
 * have passed since. Rebuilt on resume from the epochs of {@code metrics.jsonl}, so a resumed run stops where an
 * uninterrupted one would.
 */
final class BestEpoch {
    private final EpochSelection selection;
    private int bestEpoch = -1;
    private double bestValue;
    private int sinceBest;

    BestEpoch(EpochSelection selection, List<? extends EpochFigures> earlier) {
        this.selection = selection;
        earlier.forEach(this::offer);
    }

    /** Takes an epoch's metrics; true when it is the new best (the first epoch always is). */
    boolean offer(EpochFigures epoch) {
        double value = selection.metric().of(epoch);
        if (bestEpoch < 0 || selection.metric().better(value, bestValue)) {
            bestEpoch = epoch.epoch();
            bestValue = value;
            sinceBest = 0;
            return true;
        }
        sinceBest++;
        return false;
    }

    /** Whether the run should end: {@code patience} epochs in a row brought nothing better. */
    boolean exhausted() {
        return selection.patience() > 0 && sinceBest >= selection.patience();
    }

    /** The best epoch, numbered from 1 as in {@code metrics.jsonl}; -1 before any. */
    int epoch() {
        return bestEpoch;
    }

    double value() {
        return bestValue;
    }

    int epochsSinceBest() {
        return sinceBest;
    }
}

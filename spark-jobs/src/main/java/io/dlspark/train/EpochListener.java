package io.dlspark.train;

import io.dlspark.core.nn.NetworkState;
import io.dlspark.engine.RoundStats;

import java.io.IOException;

/**
 * Receives the {@link EpochLoop}'s events in registration order; every method has a do-nothing default.
 * Checkpoints, the metrics log, console progress and the kept epoch are listeners.
 */
interface EpochListener {
    /** Every round's statistics, as the master reports them. */
    default void onRound(RoundStats stats) {
    }

    /** After a round, with the averaged state. */
    default void afterRound(RoundEnd end) throws IOException {
    }

    /** After an epoch's rounds and validation, before its metrics line is closed (time spent here is in it). */
    default void epochTrained(EpochTrained trained) throws IOException {
    }

    /** After an epoch, with its metrics line. */
    default void afterEpoch(EpochEnd end) throws IOException {
    }

    /** Whether the run should end before the next epoch. */
    default boolean stopRequested() {
        return false;
    }

    /** A round just averaged: {@code done} of {@code rounds} rounds of {@code epoch} (0-based). */
    record RoundEnd(int epoch, int done, int rounds, NetworkState state, EpochAccumulator accumulator) {
    }

    /** An epoch's rounds and validation are done. */
    record EpochTrained(int epoch, NetworkState state, EpochAccumulator accumulator, EpochValidation validation) {
    }

    /**
     * An epoch is done.
     *
     * @param record  what {@code metrics.jsonl} records for it
     * @param summary its console line
     */
    record EpochEnd(int epoch, NetworkState state, EpochMetrics line, EpochValidation validation, Object record,
                    String summary) {
        /** The figures that pick the kept epoch: the line's, with a detector's validation mAP@0.5. */
        EpochFigures figures() {
            return new MetricsLog.LoggedEpoch(line.epoch(), line.validationLoss(), line.validationAccuracy(), null,
                validation.map50());
        }
    }
}

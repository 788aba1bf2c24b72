package io.dlspark.train;

import io.dlspark.core.artifact.CheckpointState;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.TrainableBlueprint;
import io.dlspark.engine.ParameterAveragingMaster;
import io.dlspark.engine.RoundStats;
import io.dlspark.feed.TrainingData;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * The one epoch loop of every training run (classifier, GAN, VAE, transfer): rounds of the parameter-averaging
 * master over the training data, with {@link EpochListener}s for everything around them. The master is always
 * released.
 */
final class EpochLoop<M> {
    private final int epochs;
    private final Trainee<M> trainee;
    private final Function<TrainableBlueprint, ParameterAveragingMaster> masters;
    private final TrainingData train;
    private final List<EpochListener> listeners;
    private final Clock clock;

    /** A loop whose metrics lines are stamped by {@code clock}. */
    EpochLoop(int epochs, Trainee<M> trainee, Function<TrainableBlueprint, ParameterAveragingMaster> masters,
              TrainingData train, List<EpochListener> listeners, Clock clock) {
        this.clock = clock;
        this.epochs = epochs;
        this.trainee = trainee;
        this.masters = masters;
        this.train = train;
        this.listeners = List.copyOf(listeners);
    }

    /** Trains from {@code start}'s epoch and round to the last epoch, or until a listener asks to stop. */
    NetworkState run(CheckpointState start) throws IOException {
        NetworkState state = trainee.state();
        ParameterAveragingMaster master = masters.apply(trainee.blueprint());
        try {
            for (int epoch = start.epoch(); epoch < epochs && !stopRequested(); epoch++) {
                if (trainee.beginEpoch(epoch, state)) {
                    ParameterAveragingMaster old = master;
                    master = null;
                    old.close();
                    master = masters.apply(trainee.blueprint());
                    state = trainee.state();
                }
                state = state.withCounters(state.iteration(), epoch);
                EpochAccumulator accumulator = new EpochAccumulator();
                int rounds = master.rounds(train);
                for (int round = epoch == start.epoch() ? start.round() : 0; round < rounds; round++) {
                    state = master.round(train, state, epoch, round, stats -> onRound(accumulator, stats));
                    EpochListener.RoundEnd end = new EpochListener.RoundEnd(epoch, round + 1, rounds, state, accumulator);
                    for (EpochListener listener : listeners) {
                        listener.afterRound(end);
                    }
                }
                long evaluationStart = System.nanoTime();
                EpochValidation validation = trainee.validate(epoch, state, accumulator);
                double evaluationMs = (System.nanoTime() - evaluationStart) / 1e6;
                EpochListener.EpochTrained trained = new EpochListener.EpochTrained(epoch, state, accumulator, validation);
                for (EpochListener listener : listeners) {
                    listener.epochTrained(trained);
                }
                EpochMetrics line = accumulator.finish(epoch, validation.loss(), validation.accuracy(), evaluationMs,
                    clock.instant(), trainee.updaters(state));
                EpochListener.EpochEnd end = new EpochListener.EpochEnd(epoch, state, line, validation,
                    trainee.metricsLine(line, validation), trainee.describe(line, validation, epochs));
                for (EpochListener listener : listeners) {
                    listener.afterEpoch(end);
                }
            }
        } finally {
            if (master != null) {
                master.close();
            }
        }
        return state;
    }

    private void onRound(EpochAccumulator accumulator, RoundStats stats) {
        accumulator.add(stats);
        for (EpochListener listener : listeners) {
            listener.onRound(stats);
        }
    }

    private boolean stopRequested() {
        return listeners.stream().anyMatch(EpochListener::stopRequested);
    }
}

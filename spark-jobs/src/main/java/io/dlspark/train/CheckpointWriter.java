package io.dlspark.train;

import io.dlspark.core.artifact.CheckpointState;
import io.dlspark.core.artifact.Checkpoints;
import io.dlspark.core.nn.NetworkState;

import java.io.IOException;
import java.time.Instant;

/** Checkpoints the trainee after every epoch and, with {@code everyRounds > 0}, every that many rounds inside one. */
final class CheckpointWriter implements EpochListener {
    private final Checkpoints checkpoints;
    private final Trainee<?> trainee;
    private final int everyRounds;
    private final long seed;

    CheckpointWriter(Checkpoints checkpoints, Trainee<?> trainee, int everyRounds, long seed) {
        this.checkpoints = checkpoints;
        this.trainee = trainee;
        this.everyRounds = everyRounds;
        this.seed = seed;
    }

    @Override
    public void afterRound(RoundEnd end) throws IOException {
        if (everyRounds > 0 && end.done() % everyRounds == 0 && end.done() < end.rounds()) {
            end.accumulator().addCheckpoint(write(end.state(), end.epoch(), end.done()));
        }
    }

    @Override
    public void epochTrained(EpochTrained trained) throws IOException {
        trained.accumulator().addCheckpoint(write(trained.state(), trained.epoch() + 1, 0));
    }

    private double write(NetworkState state, int epoch, int round) throws IOException {
        long start = System.nanoTime();
        trainee.apply(state);
        checkpoints.write(trainee.checkpoint(checkpoints),
            new CheckpointState(epoch, round, state.iteration(), seed, Instant.now().toString()));
        return (System.nanoTime() - start) / 1e6;
    }
}

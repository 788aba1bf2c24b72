package io.dlspark.core.artifact;

/**
 * Where a checkpoint sits in a training run: the next epoch and round to run. Epoch {@code epochs} with round 0
 * means training finished.
 */
public record CheckpointState(int epoch, int round, int iteration, long seed, String createdAt) {
}

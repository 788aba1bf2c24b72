package io.dlspark.train;

import io.dlspark.core.train.GradientSums;

import java.util.List;

/**
 * One line of {@code metrics.jsonl}: when the epoch ended (ISO-8601, UTC), the learning rate of its last iteration, its
 * training and validation figures, where the time went, and per layer the mean gradient L2 norm and update/parameter
 * ratio over all workers' minibatches of the epoch.
 */
public record EpochMetrics(int epoch, String timestamp, Double learningRate, long samples, int rounds, double trainLoss, Double validationLoss,
                           Double validationAccuracy, double seconds, double samplesPerSecond, Phases phases,
                           List<GradientSums.LayerGradients> gradients)
    implements EpochFigures {

    /** Milliseconds summed over the epoch's rounds, by phase (see {@link RoundStats}). */
    public record Phases(double broadcastMs, double fitMs, double waitMs, double overheadMs, double averageMs,
                         double evaluationMs, double checkpointMs) {
    }
}

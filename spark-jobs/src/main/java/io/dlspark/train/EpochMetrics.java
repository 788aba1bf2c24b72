package io.dlspark.train;

/** One line of {@code metrics.jsonl}: an epoch's training and validation figures and where the time went. */
public record EpochMetrics(int epoch, long samples, int rounds, double trainLoss, Double validationLoss,
                           Double validationAccuracy, double seconds, double samplesPerSecond, Phases phases) {

    /** Milliseconds summed over the epoch's rounds, by phase (see {@link RoundStats}). */
    public record Phases(double broadcastMs, double fitMs, double waitMs, double overheadMs, double averageMs,
                         double evaluationMs, double checkpointMs) {
    }
}

package io.dlspark.train;

import io.dlspark.core.train.GradientSums;
import io.dlspark.core.train.LayerUpdaters;
import io.dlspark.engine.RoundStats;

import java.time.Instant;

/** Sums the round statistics of one epoch into its metrics line. */
final class EpochAccumulator {
    private final long startNanos = System.nanoTime();
    private long samples;
    private int rounds;
    private double lossSum;
    private double broadcastMs;
    private double fitMs;
    private double waitMs;
    private double overheadMs;
    private double averageMs;
    private double checkpointMs;
    private GradientSums gradients;
    private double[] lossSums;

    void add(RoundStats stats) {
        samples += stats.samples();
        rounds++;
        lossSum += stats.loss() * stats.samples();
        if (lossSums == null) {
            lossSums = new double[stats.losses().length];
        }
        for (int i = 0; i < lossSums.length; i++) {
            lossSums[i] += stats.losses()[i] * stats.samples();
        }
        broadcastMs += stats.broadcastMs();
        fitMs += stats.fitMs();
        waitMs += stats.waitMs();
        overheadMs += stats.overheadMs();
        averageMs += stats.averageMs();
        if (stats.gradients() != null) {
            gradients = gradients == null ? stats.gradients() : gradients.merge(stats.gradients());
        }
    }

    /** Every loss the trainable reports, mean per sample over the epoch (empty before any round). */
    double[] meanLosses() {
        double[] means = lossSums == null ? new double[0] : lossSums.clone();
        for (int i = 0; i < means.length; i++) {
            means[i] /= Math.max(1, samples);
        }
        return means;
    }

    void addCheckpoint(double ms) {
        checkpointMs += ms;
    }

    long samples() {
        return samples;
    }

    double trainingSeconds() {
        return (broadcastMs + fitMs + overheadMs + averageMs) / 1000.0;
    }

    /** The epoch's line, ended at {@code end} with the network's {@code updaters} at its last iteration. */
    EpochMetrics finish(int epoch, Double validationLoss, Double validationAccuracy, double evaluationMs, Instant end,
                        LayerUpdaters updaters) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return new EpochMetrics(epoch + 1, end.toString(), updaters.learningRate(), samples, rounds, samples == 0 ? 0 : lossSum / samples, validationLoss,
            validationAccuracy, seconds, samples / Math.max(trainingSeconds(), 1e-9),
            new EpochMetrics.Phases(broadcastMs, fitMs, waitMs, overheadMs, averageMs, evaluationMs, checkpointMs),
            gradients == null ? null : gradients.means(updaters.frozen()));
    }
}

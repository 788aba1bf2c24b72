package io.dlspark.engine;

import io.dlspark.core.train.GradientSums;

/**
 * Timing and progress of one averaging round, in milliseconds.
 *
 * @param broadcastMs  driver time to publish the parameters and updater state
 * @param fitMs        fitting time of the slowest worker
 * @param waitMs       how long the slowest worker kept the others waiting (slowest minus mean fit time)
 * @param overheadMs   scheduling, transfer and tree aggregation: the round's job time minus the slowest fit
 * @param averageMs    driver time to turn the aggregated sums into the averaged state
 * @param losses       every loss the trainable reports (a GAN: discriminator, generator), mean per sample;
 *                     {@code loss} is the first
 * @param gradients    the workers' per-layer gradient sums over the round's first minibatch (null when not collected)
 */
public record RoundStats(int epoch, int round, int rounds, long samples, double loss, double broadcastMs, double fitMs,
                         double waitMs, double overheadMs, double averageMs, double wallMs, double[] losses,
                         GradientSums gradients) {
}

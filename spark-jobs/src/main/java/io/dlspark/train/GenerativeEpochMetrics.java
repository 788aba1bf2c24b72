package io.dlspark.train;

import java.util.List;
import java.util.Map;

/**
 * One line of a generative model's {@code metrics.jsonl}: training losses by name (GAN: discriminator, generator;
 * VAE: negative_elbo, reconstruction, kl; nats per image), the same on the validation split, the spread of the
 * fixed-noise samples, the progress grid written, and any collapse or divergence warnings; the timestamp and learning
 * rate as in {@link EpochMetrics}.
 */
public record GenerativeEpochMetrics(int epoch, String timestamp, Double learningRate, long samples, int rounds, Map<String, Double> trainLosses,
                                     Map<String, Double> validationLosses, double sampleSpread, String progressGrid,
                                     List<String> warnings, double seconds, double samplesPerSecond,
                                     EpochMetrics.Phases phases) implements EpochFigures {
    /** The first validation loss (a VAE's negative ELBO), or null without a validation split. */
    @Override
    public Double validationLoss() {
        return validationLosses == null || validationLosses.isEmpty() ? null : validationLosses.values().iterator().next();
    }

    @Override
    public Double validationAccuracy() {
        return null;
    }
}

package io.dlspark.train;

import java.util.List;
import java.util.Map;

/**
 * One line of a generative model's {@code metrics.jsonl}: training losses by name (GAN: discriminator, generator;
 * VAE: negative_elbo, reconstruction, kl; nats per image), the same on the validation split, the spread of the
 * fixed-noise samples, the progress grid written, and any collapse or divergence warnings.
 */
public record GenerativeEpochMetrics(int epoch, long samples, int rounds, Map<String, Double> trainLosses,
                                     Map<String, Double> validationLosses, double sampleSpread, String progressGrid,
                                     List<String> warnings, double seconds, double samplesPerSecond,
                                     EpochMetrics.Phases phases) {
}

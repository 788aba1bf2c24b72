package io.dlspark.tuning.gp;

/**
 * The GP posterior of the latent function at one point: mean and variance, and their gradients in the input when
 * asked for (otherwise {@code null}).
 */
public record Posterior(double mean, double variance, double[] meanGradient, double[] varianceGradient) {
}

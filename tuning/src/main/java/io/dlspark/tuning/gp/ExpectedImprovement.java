package io.dlspark.tuning.gp;

import org.apache.commons.math3.special.Erf;

/**
 * Expected improvement below the best observed value {@code best} for minimisation:
 * {@code EI = (best - mu - xi) Phi(z) + sigma phi(z)}, {@code z = (best - mu - xi) / sigma}; with zero variance it is
 * {@code max(best - mu - xi, 0)}, which is 0 at an observed point.
 */
public final class ExpectedImprovement {
    /** Posterior standard deviations below this (standardised units) count as zero. */
    private static final double MIN_SIGMA = 1e-6;
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2 * Math.PI);

    private ExpectedImprovement() {
    }

    public static double value(double mean, double variance, double best, double xi) {
        double sigma = Math.sqrt(Math.max(variance, 0));
        double improvement = best - mean - xi;
        if (sigma < MIN_SIGMA) {
            return Math.max(improvement, 0);
        }
        double z = improvement / sigma;
        return Math.max(0, improvement * cdf(z) + sigma * pdf(z));
    }

    /** EI at a posterior computed with gradients; writes dEI/dx into {@code gradient}. */
    public static double valueAndGradient(Posterior p, double best, double xi, double[] gradient) {
        double sigma = Math.sqrt(Math.max(p.variance(), 0));
        double improvement = best - p.mean() - xi;
        if (sigma < MIN_SIGMA) {
            for (int j = 0; j < gradient.length; j++) {
                gradient[j] = improvement > 0 ? -p.meanGradient()[j] : 0;
            }
            return Math.max(improvement, 0);
        }
        double z = improvement / sigma;
        double cdf = cdf(z);
        double pdf = pdf(z);
        for (int j = 0; j < gradient.length; j++) {
            double dSigma = p.varianceGradient()[j] / (2 * sigma);
            gradient[j] = -cdf * p.meanGradient()[j] + pdf * dSigma;
        }
        return Math.max(0, improvement * cdf + sigma * pdf);
    }

    static double cdf(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2));
    }

    static double pdf(double z) {
        return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    }
}

package io.dlspark.tuning.gp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpectedImprovementTest {
    private final GaussianProcess gp = GaussianProcess.fit(
            new double[][] {{0.1, 0.2}, {0.7, 0.9}, {0.5, 0.4}}, new double[] {0.3, -1.0, 0.8},
            KernelParams.isotropic(2, 0.4, 1.0, 0.0));

    @Test
    void zeroWherePosteriorVarianceIsZero() {
        double best = -1.0;
        for (double[] observed : new double[][] {{0.1, 0.2}, {0.7, 0.9}, {0.5, 0.4}}) {
            Posterior p = gp.posterior(observed, false);
            assertEquals(0.0, p.variance(), 1e-12);
            assertEquals(0.0, ExpectedImprovement.value(p.mean(), p.variance(), best, 0.0), 1e-9);
        }
        assertEquals(0.0, ExpectedImprovement.value(0.5, 0.0, -1.0, 0.0));
        assertEquals(0.25, ExpectedImprovement.value(-1.25, 0.0, -1.0, 0.0), 1e-15);
    }

    @Test
    void positiveWhereverThereIsUncertainty() {
        double best = -1.0;
        for (double[] point : new double[][] {{0.0, 0.0}, {0.3, 0.3}, {0.95, 0.1}, {0.71, 0.9}}) {
            Posterior p = gp.posterior(point, false);
            assertTrue(p.variance() > 0);
            assertTrue(ExpectedImprovement.value(p.mean(), p.variance(), best, 0.0) > 0, "EI at " + point[0]);
        }
    }

    @Test
    void matchesTheClosedFormAndItsGradient() {
        // mu = 0, sigma = 1, best = 0: EI = phi(0) = 0.3989422804.
        assertEquals(0.3989422804014327, ExpectedImprovement.value(0, 1, 0, 0), 1e-12);
        double[] at = {0.3, 0.6};
        double[] grad = new double[2];
        ExpectedImprovement.valueAndGradient(gp.posterior(at, true), -1.0, 0.01, grad);
        double[] numeric = FiniteDifference.gradient(x -> {
            Posterior p = gp.posterior(x, false);
            return ExpectedImprovement.value(p.mean(), p.variance(), -1.0, 0.01);
        }, at);
        for (int j = 0; j < 2; j++) {
            assertEquals(numeric[j], grad[j], 1e-6);
        }
    }
}

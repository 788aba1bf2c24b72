package io.dlspark.tuning.gp;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GaussianProcessTest {
    private static final double SQ5 = Math.sqrt(5);

    /** Matérn-5/2 with unit lengthscale and variance, written out independently of the production code. */
    private static double k(double r) {
        return (1 + SQ5 * r + 5.0 / 3.0 * r * r) * Math.exp(-SQ5 * r);
    }

    @Test
    void posteriorMatchesHandComputedTwoPointCase() {
        double[][] x = {{0.0}, {1.0}};
        double[] y = {1.0, -1.0};
        GaussianProcess gp = GaussianProcess.fit(x, y, KernelParams.isotropic(1, 1.0, 1.0, 0.0));
        // K = [[1, c], [c, 1]], K^-1 = [[1, -c], [-c, 1]] / (1 - c^2); at x = 0.25: k* = [a, b].
        double c = k(1.0);
        double a = k(0.25);
        double b = k(0.75);
        double mean = (a * (y[0] - c * y[1]) + b * (y[1] - c * y[0])) / (1 - c * c);
        double variance = 1 - (a * a + b * b - 2 * a * b * c) / (1 - c * c);
        // The same numbers by hand: c = 0.5239941088, a = 0.9509599217, b = 0.6756478000.
        assertEquals(0.5239941088, c, 1e-9);
        assertEquals(0.9509599217, a, 1e-9);
        assertEquals(0.6756478000, b, 1e-9);
        Posterior p = gp.posterior(new double[] {0.25}, false);
        assertEquals(mean, p.mean(), 1e-12);
        assertEquals(variance, p.variance(), 1e-12);
        assertEquals(0.5783796519, p.mean(), 1e-9);
        assertEquals(0.0523172769, p.variance(), 1e-9);
    }

    @Test
    void interpolatesObservationsWithoutNoise() {
        double[][] x = {{0.0}, {1.0}};
        GaussianProcess gp = GaussianProcess.fit(x, new double[] {1.0, -1.0}, KernelParams.isotropic(1, 1.0, 1.0, 0.0));
        Posterior p = gp.posterior(new double[] {1.0}, false);
        assertEquals(-1.0, p.mean(), 1e-12);
        assertEquals(0.0, p.variance(), 1e-12);
    }

    @Test
    void posteriorGradientsMatchFiniteDifferences() {
        Random random = new Random(3);
        double[][] x = new double[12][3];
        double[] y = new double[12];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = random.nextDouble();
            }
            y[i] = Math.sin(4 * x[i][0]) + x[i][1] * x[i][2];
        }
        GaussianProcess gp = GaussianProcess.fit(x, y, new KernelParams(new double[] {0.3, 0.5, 0.8}, 1.3, 1e-4));
        double[] at = {0.41, 0.27, 0.66};
        Posterior p = gp.posterior(at, true);
        double[] mean = FiniteDifference.gradient(point -> gp.posterior(point, false).mean(), at);
        double[] variance = FiniteDifference.gradient(point -> gp.posterior(point, false).variance(), at);
        for (int j = 0; j < 3; j++) {
            assertEquals(mean[j], p.meanGradient()[j], 1e-5);
            assertEquals(variance[j], p.varianceGradient()[j], 1e-5);
        }
    }

    @Test
    void likelihoodGradientMatchesFiniteDifferences() {
        Random random = new Random(5);
        double[][] x = new double[15][2];
        double[] y = new double[15];
        for (int i = 0; i < x.length; i++) {
            x[i][0] = random.nextDouble();
            x[i][1] = random.nextDouble();
            y[i] = Math.cos(3 * x[i][0]) - x[i][1];
        }
        MarginalLikelihood ml = new MarginalLikelihood(x, y);
        double[] theta = new KernelParams(new double[] {0.4, 0.9}, 0.8, 1e-3).toLog();
        double[] grad = new double[4];
        ml.evaluate(theta, grad);
        double[] numeric = FiniteDifference.gradient(t -> ml.evaluate(t, new double[4]), theta);
        for (int j = 0; j < 4; j++) {
            assertEquals(numeric[j], grad[j], 1e-4 * Math.max(1, Math.abs(numeric[j])), "component " + j);
        }
    }

    @Test
    void fittingBeatsEveryPointOfAHyperparameterGrid() {
        double[][] x = new double[25][1];
        double[] y = new double[25];
        for (int i = 0; i < 25; i++) {
            x[i][0] = i / 24.0;
            y[i] = Math.sin(12 * x[i][0]);
        }
        KernelParams fitted = new HyperparameterFitter(4, 2, 50, 20, 100).fit(x, y, java.util.Optional.empty(), new Random(1));
        double lmlFitted = GaussianProcess.fit(x, y, fitted).logMarginalLikelihood();
        for (double l : new double[] {0.05, 0.1, 0.2, 0.4, 0.8, 1.6}) {
            for (double s : new double[] {0.1, 1, 10}) {
                double lml = GaussianProcess.fit(x, y, KernelParams.isotropic(1, l, s, 1e-6)).logMarginalLikelihood();
                assertTrue(lmlFitted >= lml - 1e-6, fitted + " vs l=" + l + ", s=" + s);
            }
        }
    }
}

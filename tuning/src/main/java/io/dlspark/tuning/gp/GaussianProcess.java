package io.dlspark.tuning.gp;

import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;

/**
 * A zero-mean Gaussian-process regression conditioned on data with fixed kernel hyperparameters. The Cholesky
 * factor of {@code K + noise I} comes from Commons Math; when it fails, growing jitter is added to the diagonal.
 * Immutable.
 */
public final class GaussianProcess {
    private static final double[] JITTER = {0, 1e-10, 1e-8, 1e-6, 1e-4};

    private final double[][] x;
    private final KernelParams params;
    private final double[][] lower;
    private final double[] alpha;
    private final double logDetHalf;
    private final double[] y;

    private GaussianProcess(double[][] x, double[] y, KernelParams params, double[][] lower) {
        this.x = x;
        this.y = y;
        this.params = params;
        this.lower = lower;
        this.alpha = Triangular.backward(lower, Triangular.forward(lower, y));
        double sum = 0;
        for (int i = 0; i < lower.length; i++) {
            sum += Math.log(lower[i][i]);
        }
        this.logDetHalf = sum;
    }

    /** Conditions on inputs {@code x} (rows) and targets {@code y}. */
    public static GaussianProcess fit(double[][] x, double[] y, KernelParams params) {
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("need as many targets as inputs, and at least one: " + x.length + " vs " + y.length);
        }
        double[][] k = covariance(x, params);
        NonPositiveDefiniteMatrixException last = null;
        for (double jitter : JITTER) {
            double[][] a = new double[k.length][];
            for (int i = 0; i < k.length; i++) {
                a[i] = k[i].clone();
                a[i][i] += jitter * params.signalVariance();
            }
            try {
                CholeskyDecomposition chol = new CholeskyDecomposition(MatrixUtils.createRealMatrix(a), 1e-8, 1e-300);
                return new GaussianProcess(x, y.clone(), params, chol.getL().getData());
            } catch (NonPositiveDefiniteMatrixException e) {
                last = e;
            }
        }
        throw new IllegalStateException("covariance is not positive definite even with jitter: " + params, last);
    }

    /** {@code K(x, x) + noise I}. */
    static double[][] covariance(double[][] x, KernelParams params) {
        int n = x.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            k[i][i] = params.signalVariance() + params.noiseVariance();
            for (int j = 0; j < i; j++) {
                k[i][j] = Matern52.value(x[i], x[j], params);
                k[j][i] = k[i][j];
            }
        }
        return k;
    }

    public KernelParams params() {
        return params;
    }

    public int size() {
        return x.length;
    }

    /** The log marginal likelihood of the targets. */
    public double logMarginalLikelihood() {
        double fit = 0;
        for (int i = 0; i < y.length; i++) {
            fit += y[i] * alpha[i];
        }
        return -0.5 * fit - logDetHalf - 0.5 * y.length * Math.log(2 * Math.PI);
    }

    double[][] lower() {
        return lower;
    }

    double[] alpha() {
        return alpha;
    }

    /** The posterior mean and variance at {@code point}; with gradients when {@code gradient} is true. */
    public Posterior posterior(double[] point, boolean gradient) {
        int n = x.length;
        int d = point.length;
        double[] ks = new double[n];
        double[][] dks = gradient ? new double[n][d] : null;
        double s = params.signalVariance();
        for (int i = 0; i < n; i++) {
            double r = Math.sqrt(Matern52.r2(point, x[i], params));
            ks[i] = Matern52.valueAtR(r, s);
            if (gradient) {
                double g = Matern52.gradientFactor(r, s);
                for (int j = 0; j < d; j++) {
                    double l = params.lengthscale(j);
                    dks[i][j] = -g * (point[j] - x[i][j]) / (l * l);
                }
            }
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += ks[i] * alpha[i];
        }
        double[] v = Triangular.forward(lower, ks);
        double explained = 0;
        for (double vi : v) {
            explained += vi * vi;
        }
        double variance = Math.max(0, s - explained);
        if (!gradient) {
            return new Posterior(mean, variance, null, null);
        }
        double[] w = Triangular.backward(lower, v);
        double[] dMean = new double[d];
        double[] dVar = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                dMean[j] += dks[i][j] * alpha[i];
                dVar[j] -= 2 * dks[i][j] * w[i];
            }
        }
        return new Posterior(mean, variance, dMean, dVar);
    }
}

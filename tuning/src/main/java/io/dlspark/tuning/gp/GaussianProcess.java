package io.dlspark.tuning.gp;

/**
 * A zero-mean Gaussian-process regression conditioned on data with fixed kernel hyperparameters. Inputs are kept
 * divided by the lengthscales, so kernel distances are plain Euclidean ones. When the Cholesky factor of
 * {@code K + noise I} fails, growing jitter is added to the diagonal. Immutable.
 */
public final class GaussianProcess {
    private static final double[] JITTER = {0, 1e-10, 1e-8, 1e-6, 1e-4};

    private final double[][] scaled;
    private final double[] inverseLengthscales;
    private final KernelParams params;
    private final double[][] lower;
    private final double[] alpha;
    private final double logDetHalf;
    private final double[] y;

    private GaussianProcess(double[][] scaled, double[] y, KernelParams params, double[][] lower) {
        this.scaled = scaled;
        this.inverseLengthscales = inverseLengthscales(params);
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
        double[][] scaled = scale(x, inverseLengthscales(params));
        double[][] k = covariance(scaled, params);
        for (double jitter : JITTER) {
            double[][] lower = Triangular.cholesky(k, jitter * params.signalVariance());
            if (lower != null) {
                return new GaussianProcess(scaled, y.clone(), params, lower);
            }
        }
        throw new IllegalStateException("covariance is not positive definite even with jitter: " + params);
    }

    /** The lower triangle of {@code K(x, x) + noise I}, as jagged rows, for inputs already divided by the lengthscales. */
    private static double[][] covariance(double[][] scaled, KernelParams params) {
        int n = scaled.length;
        double s = params.signalVariance();
        double[][] k = new double[n][];
        for (int i = 0; i < n; i++) {
            k[i] = new double[i + 1];
            for (int j = 0; j < i; j++) {
                k[i][j] = Matern52.valueAtR(Math.sqrt(squaredDistance(scaled[i], scaled[j])), s);
            }
            k[i][i] = s + params.noiseVariance();
        }
        return k;
    }

    private static double[] inverseLengthscales(KernelParams params) {
        double[] inv = new double[params.dimension()];
        for (int j = 0; j < inv.length; j++) {
            inv[j] = 1.0 / params.lengthscale(j);
        }
        return inv;
    }

    private static double[][] scale(double[][] x, double[] inverseLengthscales) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = scale(x[i], inverseLengthscales);
        }
        return out;
    }

    private static double[] scale(double[] point, double[] inverseLengthscales) {
        double[] out = new double[point.length];
        for (int j = 0; j < point.length; j++) {
            out[j] = point[j] * inverseLengthscales[j];
        }
        return out;
    }

    static double squaredDistance(double[] a, double[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            sum += d * d;
        }
        return sum;
    }

    public KernelParams params() {
        return params;
    }

    public int size() {
        return scaled.length;
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

    /** The inputs divided by the lengthscales. */
    double[][] scaledInputs() {
        return scaled;
    }

    /** The posterior mean and variance at {@code point}; with gradients when {@code gradient} is true. */
    public Posterior posterior(double[] point, boolean gradient) {
        int n = scaled.length;
        int d = point.length;
        double[] p = scale(point, inverseLengthscales);
        double[] ks = new double[n];
        double[] g = gradient ? new double[n] : null;
        double s = params.signalVariance();
        for (int i = 0; i < n; i++) {
            double r = Math.sqrt(squaredDistance(p, scaled[i]));
            ks[i] = Matern52.valueAtR(r, s);
            if (gradient) {
                g[i] = Matern52.gradientFactor(r, s);
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
            double[] xi = scaled[i];
            double meanWeight = g[i] * alpha[i];
            double varWeight = -2 * g[i] * w[i];
            for (int j = 0; j < d; j++) {
                double dk = -(p[j] - xi[j]) * inverseLengthscales[j];
                dMean[j] += dk * meanWeight;
                dVar[j] += dk * varWeight;
            }
        }
        return new Posterior(mean, variance, dMean, dVar);
    }
}

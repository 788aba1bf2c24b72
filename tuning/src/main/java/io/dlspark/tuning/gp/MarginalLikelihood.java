package io.dlspark.tuning.gp;

/**
 * The negative log marginal likelihood of a GP and its gradient in the log-parameters
 * {@code [log l_1 .. log l_d, log signal, log noise]}:
 * {@code d(-LML)/dθ = -1/2 tr((α α^T - K^-1) dK/dθ)}.
 */
final class MarginalLikelihood implements BoxMinimizer.Function {
    private final double[][] x;
    private final double[] y;

    MarginalLikelihood(double[][] x, double[] y) {
        this.x = x;
        this.y = y;
    }

    @Override
    public double evaluate(double[] logParams, double[] gradient) {
        KernelParams p = KernelParams.fromLog(logParams);
        GaussianProcess gp;
        try {
            gp = GaussianProcess.fit(x, y, p);
        } catch (IllegalStateException e) {
            java.util.Arrays.fill(gradient, 0);
            return Double.POSITIVE_INFINITY;
        }
        double[] alpha = gp.alpha();
        double[][] kInv = Triangular.inverse(gp.lower());
        int n = x.length;
        int d = p.dimension();
        double[] grad = new double[d + 2];
        double s = p.signalVariance();
        double[] invL2 = new double[d];
        for (int j = 0; j < d; j++) {
            invL2[j] = 1.0 / (p.lengthscale(j) * p.lengthscale(j));
        }
        double trace = 0;
        for (int a = 0; a < n; a++) {
            double wDiag = alpha[a] * alpha[a] - kInv[a][a];
            trace += wDiag;
            grad[d] += 0.5 * wDiag * s;
            for (int b = 0; b < a; b++) {
                double w = alpha[a] * alpha[b] - kInv[a][b];
                double r = Math.sqrt(Matern52.r2(x[a], x[b], p));
                grad[d] += w * Matern52.valueAtR(r, s);
                double g = w * Matern52.gradientFactor(r, s);
                for (int j = 0; j < d; j++) {
                    double diff = x[a][j] - x[b][j];
                    grad[j] += g * diff * diff * invL2[j];
                }
            }
        }
        grad[d + 1] = 0.5 * trace * p.noiseVariance();
        for (int i = 0; i < grad.length; i++) {
            gradient[i] = -grad[i];
        }
        return -gp.logMarginalLikelihood();
    }
}

package io.dlspark.tuning.gp;

/**
 * The negative log marginal likelihood of a GP plus a Gamma(3, 6) prior on each lengthscale, and its gradient in the
 * log-parameters {@code [log l_1 .. log l_d, log signal, log noise]}.
 */
final class MarginalLikelihood implements BoxMinimizer.Function {
    private static final double PRIOR_SHAPE = 3;
    private static final double PRIOR_RATE = 6;
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
        double[][] scaled = gp.scaledInputs();
        int n = x.length;
        int d = p.dimension();
        double[] grad = new double[d + 2];
        double s = p.signalVariance();
        double trace = 0;
        for (int a = 0; a < n; a++) {
            double wDiag = alpha[a] * alpha[a] - kInv[a][a];
            trace += wDiag;
            grad[d] += 0.5 * wDiag * s;
            double[] xa = scaled[a];
            for (int b = 0; b < a; b++) {
                double w = alpha[a] * alpha[b] - kInv[a][b];
                double[] xb = scaled[b];
                double r = Math.sqrt(GaussianProcess.squaredDistance(xa, xb));
                grad[d] += w * Matern52.valueAtR(r, s);
                double g = w * Matern52.gradientFactor(r, s);
                for (int j = 0; j < d; j++) {
                    double diff = xa[j] - xb[j];
                    grad[j] += g * diff * diff;
                }
            }
        }
        grad[d + 1] = 0.5 * trace * p.noiseVariance();
        for (int i = 0; i < grad.length; i++) {
            gradient[i] = -grad[i];
        }
        double penalty = 0;
        for (int j = 0; j < d; j++) {
            double l = p.lengthscale(j);
            penalty += -PRIOR_SHAPE * logParams[j] + PRIOR_RATE * l;
            gradient[j] += -PRIOR_SHAPE + PRIOR_RATE * l;
        }
        return -gp.logMarginalLikelihood() + penalty;
    }
}

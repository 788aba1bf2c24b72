package io.dlspark.tuning.gp;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

/**
 * Fits kernel hyperparameters by maximising the log marginal likelihood with {@link BoxMinimizer} on the
 * log-parameters, from several starts: the previous fit (warm start), a default, and log-uniform random draws.
 * Bounds assume inputs in the unit cube and standardised targets.
 */
public final class HyperparameterFitter {
    private static final double MIN_LENGTHSCALE = 1e-2;
    private static final double MAX_LENGTHSCALE = 20;
    private static final double MIN_SIGNAL = 1e-2;
    private static final double MAX_SIGNAL = 1e2;
    private static final double MIN_NOISE = 1e-9;
    private static final double MAX_NOISE = 1;

    private final int randomStarts;
    private final BoxMinimizer minimizer;

    public HyperparameterFitter(int randomStarts, int maxIterations) {
        if (randomStarts < 0 || maxIterations < 1) {
            throw new IllegalArgumentException("need randomStarts >= 0 and maxIterations >= 1");
        }
        this.randomStarts = randomStarts;
        this.minimizer = new BoxMinimizer(maxIterations, 1e-5);
    }

    /** The best hyperparameters found for data {@code (x, y)}; {@code y} should be standardised. */
    public KernelParams fit(double[][] x, double[] y, Optional<KernelParams> warmStart, Random random) {
        int d = x[0].length;
        double[] lower = new double[d + 2];
        double[] upper = new double[d + 2];
        Arrays.fill(lower, 0, d, Math.log(MIN_LENGTHSCALE));
        Arrays.fill(upper, 0, d, Math.log(MAX_LENGTHSCALE));
        lower[d] = Math.log(MIN_SIGNAL);
        upper[d] = Math.log(MAX_SIGNAL);
        lower[d + 1] = Math.log(MIN_NOISE);
        upper[d + 1] = Math.log(MAX_NOISE);
        MarginalLikelihood objective = new MarginalLikelihood(x, y);
        BoxMinimizer.Result best = null;
        int starts = randomStarts + 1 + (warmStart.isPresent() ? 1 : 0);
        for (int s = 0; s < starts; s++) {
            double[] start;
            if (s == 0 && warmStart.isPresent()) {
                start = warmStart.get().toLog();
            } else if (s == (warmStart.isPresent() ? 1 : 0)) {
                start = KernelParams.isotropic(d, 0.3, 1.0, 1e-4).toLog();
            } else {
                start = new double[d + 2];
                for (int j = 0; j < d; j++) {
                    start[j] = Math.log(0.05) + random.nextDouble() * (Math.log(2.0) - Math.log(0.05));
                }
                start[d] = Math.log(0.3) + random.nextDouble() * (Math.log(3.0) - Math.log(0.3));
                start[d + 1] = Math.log(1e-8) + random.nextDouble() * (Math.log(1e-2) - Math.log(1e-8));
            }
            BoxMinimizer.Result r = minimizer.minimize(objective, start, lower, upper);
            if (Double.isFinite(r.value()) && (best == null || r.value() < best.value())) {
                best = r;
            }
        }
        if (best == null) {
            return KernelParams.isotropic(d, 0.3, 1.0, 1e-4);
        }
        return KernelParams.fromLog(best.point());
    }
}

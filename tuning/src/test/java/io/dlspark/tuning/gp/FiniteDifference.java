package io.dlspark.tuning.gp;

import java.util.function.ToDoubleFunction;

/** Central finite differences, the reference for the analytic gradients under test. */
final class FiniteDifference {
    private static final double STEP = 1e-6;

    private FiniteDifference() {
    }

    /** The gradient of {@code f} at {@code at}, each component (f(x + h e_j) - f(x - h e_j)) / 2h with h = 1e-6. */
    static double[] gradient(ToDoubleFunction<double[]> f, double[] at) {
        double[] gradient = new double[at.length];
        for (int j = 0; j < at.length; j++) {
            double[] up = at.clone();
            double[] down = at.clone();
            up[j] += STEP;
            down[j] -= STEP;
            gradient[j] = (f.applyAsDouble(up) - f.applyAsDouble(down)) / (2 * STEP);
        }
        return gradient;
    }
}

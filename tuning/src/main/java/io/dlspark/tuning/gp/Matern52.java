package io.dlspark.tuning.gp;

/**
 * The Matérn-5/2 kernel with automatic relevance determination:
 * {@code k(a, b) = s (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r)}, with {@code r^2 = sum_j (a_j - b_j)^2 / l_j^2}, given
 * as a function of {@code r}.
 */
final class Matern52 {
    static final double SQRT5 = Math.sqrt(5.0);

    private Matern52() {
    }

    static double valueAtR(double r, double signal) {
        return signal * (1 + SQRT5 * r + 5.0 / 3.0 * r * r) * Math.exp(-SQRT5 * r);
    }

    /**
     * {@code g(r) = 5/3 s (1 + sqrt5 r) exp(-sqrt5 r)}: then {@code dk/da_j = -g(r) (a_j - b_j) / l_j^2} and
     * {@code dk/dlog l_j = g(r) (a_j - b_j)^2 / l_j^2}. Finite at {@code r = 0}.
     */
    static double gradientFactor(double r, double signal) {
        return 5.0 / 3.0 * signal * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);
    }
}

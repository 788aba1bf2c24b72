package io.dlspark.tuning.gp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BoxMinimizerTest {
    private final BoxMinimizer minimizer = new BoxMinimizer(200, 1e-10);

    @Test
    void findsAnInteriorMinimumOfRosenbrock() {
        BoxMinimizer.Function rosenbrock = (x, g) -> {
            double a = 1 - x[0];
            double b = x[1] - x[0] * x[0];
            g[0] = -2 * a - 400 * x[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        };
        BoxMinimizer.Result r = minimizer.minimize(rosenbrock, new double[] {-1.2, 1}, new double[] {-2, -2}, new double[] {2, 2});
        assertEquals(1.0, r.point()[0], 1e-4);
        assertEquals(1.0, r.point()[1], 1e-4);
    }

    @Test
    void stopsAtAnActiveBound() {
        BoxMinimizer.Function bowl = (x, g) -> {
            g[0] = 2 * (x[0] - 3);
            g[1] = 2 * (x[1] - 0.5);
            return (x[0] - 3) * (x[0] - 3) + (x[1] - 0.5) * (x[1] - 0.5);
        };
        BoxMinimizer.Result r = minimizer.minimize(bowl, new double[] {0.2, 0.9}, new double[] {0, 0}, new double[] {1, 1});
        assertEquals(1.0, r.point()[0], 1e-12);
        assertEquals(0.5, r.point()[1], 1e-6);
    }
}

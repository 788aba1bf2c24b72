package io.dlspark.tuning.bench;

import io.dlspark.tuning.space.Assignment;
import io.dlspark.tuning.space.Parameter;
import io.dlspark.tuning.space.RealParameter;
import io.dlspark.tuning.space.Scale;
import io.dlspark.tuning.space.SearchSpace;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** A standard global-optimisation test function with its search space and known minimum. */
public record TestFunction(String name, SearchSpace space, ToDoubleFunction<double[]> f, double minimum) {
    private static final double[][] HARTMANN_A = {
            {10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
    private static final double[][] HARTMANN_P = {
            {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886}, {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
            {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650}, {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};
    private static final double[] HARTMANN_ALPHA = {1.0, 1.2, 3.0, 3.2};

    /** Branin on [-5, 10] x [0, 15]; minimum 0.397887 at three points. */
    public static TestFunction branin() {
        SearchSpace space = new SearchSpace(List.of(
                new RealParameter("x1", "x1", -5, 10, Scale.LINEAR, Optional.empty()),
                new RealParameter("x2", "x2", 0, 15, Scale.LINEAR, Optional.empty())));
        return new TestFunction("branin", space, x -> {
            double a = 1, b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, r = 6, s = 10, t = 1 / (8 * Math.PI);
            double u = x[1] - b * x[0] * x[0] + c * x[0] - r;
            return a * u * u + s * (1 - t) * Math.cos(x[0]) + s;
        }, 0.39788735772973816);
    }

    /** Hartmann6 on [0, 1]^6; minimum -3.32237. */
    public static TestFunction hartmann6() {
        List<Parameter> params = new ArrayList<>();
        for (int j = 0; j < 6; j++) {
            params.add(new RealParameter("x" + j, "x" + j, 0, 1, Scale.LINEAR, Optional.empty()));
        }
        return new TestFunction("hartmann6", new SearchSpace(params), x -> {
            double sum = 0;
            for (int i = 0; i < 4; i++) {
                double inner = 0;
                for (int j = 0; j < 6; j++) {
                    double d = x[j] - HARTMANN_P[i][j];
                    inner += HARTMANN_A[i][j] * d * d;
                }
                sum += HARTMANN_ALPHA[i] * Math.exp(-inner);
            }
            return -sum;
        }, -3.322368011415515);
    }

    /** The function at an assignment of this space (parameters x1.. or x0.. in order). */
    public double evaluate(Assignment a) {
        double[] x = new double[space.dimension()];
        for (int j = 0; j < x.length; j++) {
            x[j] = ((Number) a.get(space.parameters().get(j).name())).doubleValue();
        }
        return f.applyAsDouble(x);
    }
}

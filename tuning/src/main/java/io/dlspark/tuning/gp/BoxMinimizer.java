package io.dlspark.tuning.gp;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Minimises a smooth function over a box with a projected L-BFGS method: quasi-Newton directions on the free
 * variables, an Armijo backtracking search along the projected path, and a reset to steepest descent whenever the
 * direction is not a descent direction.
 */
public final class BoxMinimizer {
    /** A function that writes its gradient into the second argument and returns its value. */
    public interface Function {
        double evaluate(double[] x, double[] gradient);
    }

    /** The minimiser found and its value. */
    public record Result(double[] point, double value, int evaluations) {
    }

    private static final int MEMORY = 8;

    private final int maxIterations;
    private final double tolerance;

    public BoxMinimizer(int maxIterations, double tolerance) {
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
    }

    public Result minimize(Function f, double[] start, double[] lower, double[] upper) {
        int n = start.length;
        double[] x = project(start, lower, upper);
        double[] g = new double[n];
        double fx = f.evaluate(x, g);
        int evaluations = 1;
        if (!Double.isFinite(fx)) {
            return new Result(x, fx, evaluations);
        }
        Deque<double[][]> memory = new ArrayDeque<>();
        for (int iter = 0; iter < maxIterations; iter++) {
            double[] pg = projectedGradient(x, g, lower, upper);
            if (maxAbs(pg) < tolerance) {
                break;
            }
            double[] dir = direction(pg, memory);
            if (dot(dir, pg) >= 0) {
                memory.clear();
                dir = negate(pg);
            }
            double step = memory.isEmpty() ? Math.min(1.0, 1.0 / maxAbs(pg)) : 1.0;
            double[] xNew = null;
            double[] gNew = new double[n];
            double fNew = Double.NaN;
            for (int k = 0; k < 40; k++) {
                double[] trial = project(axpy(step, dir, x), lower, upper);
                double decrease = dot(g, sub(trial, x));
                fNew = f.evaluate(trial, gNew);
                evaluations++;
                if (Double.isFinite(fNew) && fNew <= fx + 1e-4 * decrease) {
                    xNew = trial;
                    break;
                }
                step *= 0.5;
            }
            if (xNew == null) {
                if (memory.isEmpty()) {
                    break;
                }
                memory.clear();
                continue;
            }
            double[] s = sub(xNew, x);
            double[] yv = sub(gNew, g);
            if (dot(s, yv) > 1e-12) {
                memory.addFirst(new double[][] {s, yv});
                if (memory.size() > MEMORY) {
                    memory.removeLast();
                }
            }
            double change = fx - fNew;
            x = xNew;
            g = gNew;
            fx = fNew;
            if (change <= 1e-12 * Math.max(1.0, Math.abs(fx)) && maxAbs(s) < 1e-10) {
                break;
            }
        }
        return new Result(x, fx, evaluations);
    }

    private static double[] direction(double[] grad, Deque<double[][]> memory) {
        double[] q = grad.clone();
        int m = memory.size();
        double[] a = new double[m];
        int i = 0;
        for (double[][] sy : memory) {
            a[i] = dot(sy[0], q) / dot(sy[1], sy[0]);
            q = axpy(-a[i], sy[1], q);
            i++;
        }
        if (m > 0) {
            double[][] newest = memory.peekFirst();
            double gamma = dot(newest[0], newest[1]) / dot(newest[1], newest[1]);
            for (int k = 0; k < q.length; k++) {
                q[k] *= gamma;
            }
        }
        Iterator<double[][]> it = memory.descendingIterator();
        i = m - 1;
        while (it.hasNext()) {
            double[][] sy = it.next();
            double b = dot(sy[1], q) / dot(sy[1], sy[0]);
            q = axpy(a[i] - b, sy[0], q);
            i--;
        }
        for (int k = 0; k < q.length; k++) {
            q[k] = grad[k] == 0 ? 0 : -q[k];
        }
        return q;
    }

    private static double[] projectedGradient(double[] x, double[] g, double[] lower, double[] upper) {
        double[] pg = g.clone();
        for (int i = 0; i < x.length; i++) {
            if ((x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0)) {
                pg[i] = 0;
            }
        }
        return pg;
    }

    private static double[] project(double[] x, double[] lower, double[] upper) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.min(upper[i], Math.max(lower[i], x[i]));
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] axpy(double a, double[] x, double[] y) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = a * x[i] + y[i];
        }
        return out;
    }

    private static double[] sub(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    private static double[] negate(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = -a[i];
        }
        return out;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}

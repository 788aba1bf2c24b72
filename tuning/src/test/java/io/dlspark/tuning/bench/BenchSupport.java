package io.dlspark.tuning.bench;

import io.dlspark.tuning.optim.Optimizer;
import io.dlspark.tuning.optim.Trial;

import java.util.Arrays;

/** Runs an optimizer sequentially on a test function and summarises results across seeds. */
final class BenchSupport {
    private BenchSupport() {
    }

    /** The number of evaluations until regret drops below {@code target}, or -1 within {@code budget}. */
    static int evaluationsToRegret(Optimizer optimizer, TestFunction fn, double target, int budget) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 1; i <= budget; i++) {
            Trial t = optimizer.suggest(1).get(0);
            double y = fn.evaluate(t.assignment());
            optimizer.observe(t, y);
            best = Math.min(best, y);
            if (best - fn.minimum() < target) {
                return i;
            }
        }
        return -1;
    }

    /** The regret of the best of {@code budget} sequential evaluations. */
    static double regretAfter(Optimizer optimizer, TestFunction fn, int budget) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < budget; i++) {
            Trial t = optimizer.suggest(1).get(0);
            double y = fn.evaluate(t.assignment());
            optimizer.observe(t, y);
            best = Math.min(best, y);
        }
        return best - fn.minimum();
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }

    /** The median of evaluation counts where -1 (not reached) counts as infinitely many. */
    static String medianCount(int[] counts) {
        double[] v = Arrays.stream(counts).mapToDouble(c -> c < 0 ? Double.POSITIVE_INFINITY : c).toArray();
        double m = median(v);
        return Double.isInfinite(m) ? "not reached" : String.valueOf(m);
    }

    static String counts(int[] counts) {
        return Arrays.toString(Arrays.stream(counts).mapToObj(c -> c < 0 ? "not reached" : String.valueOf(c)).toArray());
    }
}

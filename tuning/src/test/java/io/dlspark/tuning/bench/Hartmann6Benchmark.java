package io.dlspark.tuning.bench;

import io.dlspark.core.bench.BenchArgs;
import io.dlspark.tuning.optim.BayesSettings;
import io.dlspark.tuning.optim.BayesianOptimizer;
import io.dlspark.tuning.optim.RandomSearch;

import java.util.Arrays;

/**
 * Hartmann6: regret of the best of 100 evaluations, GP-BO against random search, median over seeds.
 * Options: {@code --seeds N} (default 10), {@code --budget N} (default 100).
 */
public final class Hartmann6Benchmark {
    private Hartmann6Benchmark() {
    }

    public static void main(String[] args) {
        BenchArgs a = BenchArgs.parse(args, "--seeds", "--budget");
        int seeds = a.integer("--seeds", 10);
        int budget = a.integer("--budget", 100);
        TestFunction fn = TestFunction.hartmann6();
        double[] bo = new double[seeds];
        double[] random = new double[seeds];
        long start = System.nanoTime();
        for (int s = 0; s < seeds; s++) {
            bo[s] = BenchSupport.regretAfter(
                    new BayesianOptimizer(fn.space(), BayesSettings.defaults(s, fn.space().dimension())), fn, budget);
            random[s] = BenchSupport.regretAfter(new RandomSearch(fn.space(), s), fn, budget);
            System.out.printf("seed %d: GP-BO regret %.5f, random regret %.5f%n", s, bo[s], random[s]);
        }
        System.out.printf("Hartmann6 (optimum %.5f), regret after %d evaluations over %d seeds%n", fn.minimum(), budget, seeds);
        System.out.printf("  GP-BO : median %.5f  all %s%n", BenchSupport.median(bo), Arrays.toString(round(bo)));
        System.out.printf("  random: median %.5f  all %s%n", BenchSupport.median(random), Arrays.toString(round(random)));
        System.out.printf("  target: GP-BO median < 0.05; wall time %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static double[] round(double[] v) {
        return Arrays.stream(v).map(x -> Math.round(x * 1e5) / 1e5).toArray();
    }
}

package io.dlspark.tuning.bench;

import io.dlspark.core.bench.BenchArgs;
import io.dlspark.tuning.optim.BayesSettings;
import io.dlspark.tuning.optim.BayesianOptimizer;
import io.dlspark.tuning.optim.RandomSearch;

/**
 * Branin: evaluations until regret &lt; 1e-3, GP-BO against random search, median over seeds.
 * Options: {@code --seeds N} (default 10), {@code --bo-budget N} (default 200), {@code --random-budget N} (default 2000).
 */
public final class BraninBenchmark {
    private static final double TARGET = 1e-3;

    private BraninBenchmark() {
    }

    public static void main(String[] args) {
        BenchArgs a = BenchArgs.parse(args, "--seeds", "--bo-budget", "--random-budget");
        int seeds = a.integer("--seeds", 10);
        int boBudget = a.integer("--bo-budget", 200);
        int randomBudget = a.integer("--random-budget", 2000);
        TestFunction fn = TestFunction.branin();
        int[] bo = new int[seeds];
        int[] random = new int[seeds];
        long start = System.nanoTime();
        for (int s = 0; s < seeds; s++) {
            bo[s] = BenchSupport.evaluationsToRegret(
                    new BayesianOptimizer(fn.space(), BayesSettings.defaults(s, fn.space().dimension())), fn, TARGET, boBudget);
            random[s] = BenchSupport.evaluationsToRegret(new RandomSearch(fn.space(), s), fn, TARGET, randomBudget);
            System.out.printf("seed %d: GP-BO %s, random %s%n", s, bo[s] < 0 ? "not reached" : bo[s],
                    random[s] < 0 ? "not reached" : random[s]);
        }
        System.out.printf("Branin (optimum %.6f), evaluations to regret < %.0e over %d seeds%n", fn.minimum(), TARGET, seeds);
        System.out.printf("  GP-BO  (budget %d): median %s  all %s%n", boBudget, BenchSupport.medianCount(bo), BenchSupport.counts(bo));
        System.out.printf("  random (budget %d): median %s  all %s%n", randomBudget, BenchSupport.medianCount(random),
                BenchSupport.counts(random));
        System.out.printf("  target: GP-BO median <= 40; wall time %.1f s%n", (System.nanoTime() - start) / 1e9);
    }
}

package io.dlspark.tuning.bench;

import io.dlspark.core.bench.BenchArgs;
import io.dlspark.tuning.optim.BayesSettings;
import io.dlspark.tuning.optim.BayesianOptimizer;
import io.dlspark.tuning.optim.Trial;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;

/**
 * Wall time of one GP-BO proposal (hyperparameter refit plus EI search) with 200 observations of Hartmann6,
 * median over repetitions; each repetition adds one new observation first, so the refit is never skipped.
 * Wall time and the proposing thread's CPU time are both reported: on a shared, loaded machine the CPU time is the
 * steadier figure. Options: {@code --observations N} (default 200), {@code --repeats N} (default 15), {@code --batch N} (default 1).
 */
public final class ProposalLatencyBenchmark {
    private ProposalLatencyBenchmark() {
    }

    public static void main(String[] args) {
        BenchArgs a = BenchArgs.parse(args, "--observations", "--repeats", "--batch");
        int observations = a.integer("--observations", 200);
        int repeats = a.integer("--repeats", 15);
        int batch = a.integer("--batch", 1);
        TestFunction fn = TestFunction.hartmann6();
        BayesianOptimizer bo = new BayesianOptimizer(fn.space(), BayesSettings.defaults(1, fn.space().dimension()));
        Random random = new Random(7);
        int id = 0;
        for (; id < observations; id++) {
            observeRandom(bo, fn, random, id);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] millis = new double[repeats];
        double[] cpuMillis = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            observeRandom(bo, fn, random, id++);
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            var proposals = bo.suggest(batch);
            millis[r] = (System.nanoTime() - t0) / 1e6;
            cpuMillis[r] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;
            id = Math.max(id, proposals.get(proposals.size() - 1).id() + 1);
            proposals.forEach(bo::fail);
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf("Proposal latency, batch %d, with %d+ observations in 6 dimensions over %d repeats%n",
                batch, observations, repeats);
        System.out.printf("  wall: median %.1f ms, min %.1f ms, max %.1f ms (first, JIT warm-up included: %.1f ms)%n",
                BenchSupport.median(millis), sorted[0], sorted[sorted.length - 1], millis[0]);
        System.out.printf("  CPU time of the proposing thread: median %.1f ms, min %.1f ms; load average %s%n",
                BenchSupport.median(cpuMillis), Arrays.stream(cpuMillis).min().orElse(0),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("  kernel %s%n", bo.kernel().map(Object::toString).orElse("not fitted"));
        System.out.println("  target: < 200 ms");
    }

    private static void observeRandom(BayesianOptimizer bo, TestFunction fn, Random random, int id) {
        double[] u = new double[fn.space().dimension()];
        for (int j = 0; j < u.length; j++) {
            u[j] = random.nextDouble();
        }
        Trial t = new Trial(id, fn.space().fromUnit(u));
        bo.observe(t, fn.evaluate(t.assignment()));
    }
}

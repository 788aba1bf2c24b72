package io.dlspark.tuning.gp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Fits kernel hyperparameters by maximising the log marginal likelihood (with a lengthscale prior, see {@link
 * MarginalLikelihood}) on the log-parameters: candidate starts are scored by the likelihood, and {@link BoxMinimizer}
 * refines the best few. Bounds assume unit-cube inputs and standardised targets.
 */
public final class HyperparameterFitter {
    private static final double MIN_LENGTHSCALE = 1e-2;
    private static final double MAX_LENGTHSCALE = 2;
    private static final double MIN_SIGNAL = 1e-2;
    private static final double MAX_SIGNAL = 1e2;
    private static final double MIN_NOISE = 1e-9;
    private static final double MAX_NOISE = 1;

    private final int randomStarts;
    private final int localStarts;
    private final int warmAfter;
    private final int maxPoints;
    private final BoxMinimizer minimizer;

    public HyperparameterFitter(int randomStarts, int localStarts, int maxIterations, int warmAfter, int maxPoints) {
        if (randomStarts < 0 || localStarts < 1 || maxIterations < 1 || warmAfter < 0 || maxPoints < 2) {
            throw new IllegalArgumentException("need randomStarts >= 0, localStarts >= 1, maxIterations >= 1, "
                    + "warmAfter >= 0, maxPoints >= 2");
        }
        this.randomStarts = randomStarts;
        this.localStarts = localStarts;
        this.warmAfter = warmAfter;
        this.maxPoints = maxPoints;
        this.minimizer = new BoxMinimizer(maxIterations, 1e-4);
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
        MarginalLikelihood objective = subset(x, y, random);
        boolean warm = warmStart.isPresent() && x.length >= warmAfter;
        List<double[]> starts = new ArrayList<>();
        warmStart.ifPresent(w -> starts.add(w.toLog()));
        starts.add(KernelParams.isotropic(d, 0.3, 1.0, 1e-4).toLog());
        for (int s = 0; s < (warm ? randomStarts / 4 : randomStarts); s++) {
            double[] start = new double[d + 2];
            for (int j = 0; j < d; j++) {
                start[j] = uniform(random, Math.log(0.05), Math.log(2.0));
            }
            start[d] = uniform(random, Math.log(0.3), Math.log(3.0));
            start[d + 1] = uniform(random, Math.log(1e-8), Math.log(1e-2));
            starts.add(start);
        }
        double[] scratch = new double[d + 2];
        double[] scores = new double[starts.size()];
        Integer[] order = new Integer[starts.size()];
        for (int i = 0; i < starts.size(); i++) {
            starts.set(i, clamp(starts.get(i), lower, upper));
            double score = objective.evaluate(starts.get(i), scratch);
            scores[i] = Double.isFinite(score) ? score : Double.MAX_VALUE;
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        List<double[]> ranked = new ArrayList<>();
        for (int i = 0; i < Math.min(warm ? 1 : localStarts, order.length); i++) {
            ranked.add(starts.get(order[i]));
        }
        BoxMinimizer.Result best = null;
        for (double[] start : ranked) {
            BoxMinimizer.Result r = minimizer.minimize(objective, start, lower, upper);
            if (Double.isFinite(r.value()) && (best == null || r.value() < best.value())) {
                best = r;
            }
        }
        return best == null ? KernelParams.isotropic(d, 0.3, 1.0, 1e-4) : KernelParams.fromLog(best.point());
    }

    private MarginalLikelihood subset(double[][] x, double[] y, Random random) {
        if (x.length <= maxPoints) {
            return new MarginalLikelihood(x, y);
        }
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            indices.add(i);
        }
        Collections.shuffle(indices, random);
        double[][] xs = new double[maxPoints][];
        double[] ys = new double[maxPoints];
        for (int i = 0; i < maxPoints; i++) {
            xs[i] = x[indices.get(i)];
            ys[i] = y[indices.get(i)];
        }
        return new MarginalLikelihood(xs, ys);
    }

    private static double uniform(Random random, double lo, double hi) {
        return lo + random.nextDouble() * (hi - lo);
    }

    private static double[] clamp(double[] v, double[] lower, double[] upper) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.min(upper[i], Math.max(lower[i], v[i]));
        }
        return out;
    }
}

package io.dlspark.tuning.gp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Maximises expected improvement over the unit cube: scores random candidates, then runs {@link BoxMinimizer}
 * from the best of them and from the given seed points (e.g. the incumbents), and returns the local optima
 * mapped through {@code canonical} (the search space's cell representative), best first.
 */
public final class AcquisitionMaximizer {
    /** A point of the unit cube and its expected improvement. */
    public record Candidate(double[] point, double value) {
    }

    private final int randomCandidates;
    private final int localStarts;
    private final double xi;
    private final BoxMinimizer minimizer = new BoxMinimizer(60, 1e-9);

    public AcquisitionMaximizer(int randomCandidates, int localStarts, double xi) {
        if (randomCandidates < 1 || localStarts < 1 || xi < 0) {
            throw new IllegalArgumentException("need randomCandidates >= 1, localStarts >= 1 and xi >= 0");
        }
        this.randomCandidates = randomCandidates;
        this.localStarts = localStarts;
        this.xi = xi;
    }

    public List<Candidate> maximize(GaussianProcess gp, double best, List<double[]> seeds,
                                    UnaryOperator<double[]> canonical, Random random) {
        int d = gp.params().dimension();
        List<Candidate> screened = new ArrayList<>(randomCandidates);
        for (int i = 0; i < randomCandidates; i++) {
            double[] u = new double[d];
            for (int j = 0; j < d; j++) {
                u[j] = random.nextDouble();
            }
            screened.add(new Candidate(u, ei(gp, u, best)));
        }
        screened.sort(Comparator.comparingDouble(Candidate::value).reversed());
        List<double[]> starts = new ArrayList<>();
        for (int i = 0; i < Math.min(localStarts, screened.size()); i++) {
            starts.add(screened.get(i).point());
        }
        for (double[] seed : seeds) {
            double[] jittered = new double[d];
            for (int j = 0; j < d; j++) {
                jittered[j] = Math.min(1, Math.max(0, seed[j] + 1e-3 * random.nextGaussian()));
            }
            starts.add(jittered);
        }
        double scale = Math.max(screened.get(0).value(), 1e-300);
        double[] lower = new double[d];
        double[] upper = new double[d];
        Arrays.fill(upper, 1.0);
        BoxMinimizer.Function negEi = (x, gradient) -> {
            double v = ExpectedImprovement.valueAndGradient(gp.posterior(x, true), best, xi, gradient);
            for (int j = 0; j < d; j++) {
                gradient[j] = -gradient[j] / scale;
            }
            return -v / scale;
        };
        List<Candidate> out = new ArrayList<>();
        for (double[] start : starts) {
            double[] x = minimizer.minimize(negEi, start, lower, upper).point();
            double[] c = canonical.apply(x);
            out.add(new Candidate(c, ei(gp, c, best)));
        }
        for (int i = 0; i < Math.min(4 * localStarts, screened.size()); i++) {
            double[] c = canonical.apply(screened.get(i).point());
            out.add(new Candidate(c, ei(gp, c, best)));
        }
        out.sort(Comparator.comparingDouble(Candidate::value).reversed());
        return out;
    }

    private double ei(GaussianProcess gp, double[] u, double best) {
        Posterior p = gp.posterior(u, false);
        return ExpectedImprovement.value(p.mean(), p.variance(), best, xi);
    }
}

package io.dlspark.tuning.optim;

import io.dlspark.tuning.gp.AcquisitionMaximizer;
import io.dlspark.tuning.gp.GaussianProcess;
import io.dlspark.tuning.gp.HyperparameterFitter;
import io.dlspark.tuning.gp.KernelParams;
import io.dlspark.tuning.gp.SobolDesign;
import io.dlspark.tuning.space.Assignment;
import io.dlspark.tuning.space.SearchSpace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Gaussian-process Bayesian optimisation: a Sobol initial design, then a Matérn-5/2 ARD GP on standardised losses and
 * expected improvement maximised by multi-start local search. Every random choice derives from the seed.
 */
public final class BayesianOptimizer extends BookkeepingOptimizer {
    private static final double DUPLICATE = 1e-9;

    private final SearchSpace space;
    private final BayesSettings settings;
    private final SobolDesign design;
    private final Random random;
    private final HyperparameterFitter fitter;
    private final AcquisitionMaximizer acquisition;
    private KernelParams fitted;
    private int fittedOn = -1;

    public BayesianOptimizer(SearchSpace space, BayesSettings settings) {
        this.space = space;
        this.settings = settings;
        this.design = new SobolDesign(space.dimension(), settings.seed());
        this.random = new Random(settings.seed() ^ 0x5DEECE66DL);
        this.fitter = new HyperparameterFitter(settings.hyperRandomStarts(), settings.hyperLocalStarts(),
                settings.hyperIterations(), settings.hyperWarmAfter(), settings.hyperMaxPoints());
        this.acquisition = new AcquisitionMaximizer(settings.eiCandidates(), settings.eiRestarts(), settings.xi());
    }

    @Override
    public List<Trial> suggest(int n) {
        List<Trial> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(book.propose(next()));
        }
        return out;
    }

    /** The kernel hyperparameters of the last fit, if the GP phase has begun. */
    public Optional<KernelParams> kernel() {
        return Optional.ofNullable(fitted);
    }

    private Assignment next() {
        if (book.seen().size() < settings.initialPoints() || book.observed().size() < 2) {
            return space.fromUnit(design.point(book.nextId()));
        }
        Data data = data();
        if (fittedOn != data.x.size()) {
            fitted = fitter.fit(data.xArray(), data.yArray(), Optional.ofNullable(fitted), random);
            fittedOn = data.x.size();
        }
        double best = data.bestObserved();
        List<double[]> x = new ArrayList<>(data.x);
        List<Double> y = new ArrayList<>(data.y);
        for (Trial t : book.pending()) {
            double[] u = space.toUnit(t.assignment());
            y.add(lie(x, y, u, best));
            x.add(u);
        }
        GaussianProcess gp = GaussianProcess.fit(x.toArray(double[][]::new), unbox(y), fitted);
        for (AcquisitionMaximizer.Candidate c : acquisition.maximize(gp, best, data.incumbents(2), space::canonicalUnit, random)) {
            if (c.value() > 0 && !contains(x, c.point())) {
                return space.fromUnit(c.point());
            }
        }
        return space.fromUnit(design.point(book.nextId()));
    }

    private double lie(List<double[]> x, List<Double> y, double[] u, double best) {
        if (settings.liar() == BayesSettings.Liar.CONSTANT_LIAR_MIN || x.isEmpty()) {
            return best;
        }
        return GaussianProcess.fit(x.toArray(double[][]::new), unbox(y), fitted).posterior(u, false).mean();
    }

    /** Observed and failed points with standardised losses; failures take the worst observed loss. */
    private Data data() {
        List<Double> losses = book.losses();
        double mean = losses.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double var = losses.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / losses.size();
        double sd = Math.sqrt(var) > 1e-12 ? Math.sqrt(var) : 1.0;
        Data data = new Data();
        List<Trial> observed = book.observed();
        for (int i = 0; i < observed.size(); i++) {
            data.x.add(space.toUnit(observed.get(i).assignment()));
            data.y.add((losses.get(i) - mean) / sd);
            data.observedCount++;
        }
        double worst = data.y.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        for (Trial t : book.failed()) {
            data.x.add(space.toUnit(t.assignment()));
            data.y.add(worst);
        }
        return data;
    }

    private static boolean contains(List<double[]> points, double[] u) {
        for (double[] p : points) {
            double max = 0;
            for (int j = 0; j < u.length; j++) {
                max = Math.max(max, Math.abs(p[j] - u[j]));
            }
            if (max < DUPLICATE) {
                return true;
            }
        }
        return false;
    }

    private static double[] unbox(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static final class Data {
        final List<double[]> x = new ArrayList<>();
        final List<Double> y = new ArrayList<>();
        int observedCount;

        double[][] xArray() {
            return x.toArray(double[][]::new);
        }

        double[] yArray() {
            return unbox(y);
        }

        double bestObserved() {
            return y.subList(0, observedCount).stream().mapToDouble(Double::doubleValue).min().orElse(0);
        }

        List<double[]> incumbents(int k) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < observedCount; i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingDouble(y::get));
            return order.subList(0, Math.min(k, order.size())).stream().map(x::get).toList();
        }
    }
}

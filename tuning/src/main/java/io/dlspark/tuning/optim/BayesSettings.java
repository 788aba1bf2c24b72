package io.dlspark.tuning.optim;

/**
 * Settings of {@link BayesianOptimizer}.
 *
 * @param seed              seeds the initial design, hyperparameter restarts and acquisition search
 * @param initialPoints     Sobol points proposed before the GP takes over
 * @param liar              how pending trials are stood in for when proposing more
 * @param hyperRandomStarts random hyperparameter starts scored by marginal likelihood, besides the warm and default
 * @param hyperLocalStarts  best-scored starts refined by L-BFGS
 * @param hyperIterations   L-BFGS iterations per refined start
 * @param hyperWarmAfter    observations from which a refit starts from the previous fit with a quarter of the random
 *                          starts and refines only the best start
 * @param hyperMaxPoints    observations beyond which hyperparameters are fitted on a seeded random subset
 * @param eiCandidates      random points scored before local EI search
 * @param eiRestarts        local EI searches from the best-scored candidates (the incumbents are added)
 * @param xi                EI exploration margin, in standardised loss units
 */
public record BayesSettings(long seed, int initialPoints, Liar liar, int hyperRandomStarts, int hyperLocalStarts,
                            int hyperIterations, int hyperWarmAfter, int hyperMaxPoints,
                            int eiCandidates, int eiRestarts, double xi) {
    /** Stand-in values for pending trials: constant liar (best loss so far) or Kriging believer (GP mean). */
    public enum Liar { CONSTANT_LIAR_MIN, KRIGING_BELIEVER }

    public BayesSettings {
        if (initialPoints < 1 || hyperRandomStarts < 0 || hyperLocalStarts < 1 || hyperIterations < 1
                || hyperWarmAfter < 0 || hyperMaxPoints < 2 || eiCandidates < 1 || eiRestarts < 1) {
            throw new IllegalArgumentException("Bayesian settings out of range: " + initialPoints + " initial, "
                    + hyperRandomStarts + "/" + hyperLocalStarts + " hyper starts, " + hyperIterations
                    + " hyper iterations, warm after " + hyperWarmAfter + ", " + hyperMaxPoints + " hyper points, "
                    + eiCandidates + " candidates, "
                    + eiRestarts + " EI restarts");
        }
        if (liar == null) {
            throw new IllegalArgumentException("liar must be given");
        }
        if (!(xi >= 0)) {
            throw new IllegalArgumentException("xi must be >= 0, got " + xi);
        }
    }

    /** Defaults for a space of the given dimension. */
    public static BayesSettings defaults(long seed, int dimension) {
        return new BayesSettings(seed, Math.max(5, dimension + 2), Liar.CONSTANT_LIAR_MIN, 16, 2, 50, 40, 100, 1000, 8, 0.0);
    }

    /** These settings with another initial design size. */
    public BayesSettings withInitialPoints(int points) {
        return new BayesSettings(seed, points, liar, hyperRandomStarts, hyperLocalStarts, hyperIterations, hyperWarmAfter,
                hyperMaxPoints, eiCandidates, eiRestarts, xi);
    }
}

package io.dlspark.tuning;

import io.dlspark.core.UsageException;
import io.dlspark.tuning.optim.BayesSettings;
import io.dlspark.tuning.optim.BayesianOptimizer;
import io.dlspark.tuning.optim.GridSearch;
import io.dlspark.tuning.optim.Optimizer;
import io.dlspark.tuning.optim.RandomSearch;
import io.dlspark.tuning.space.SearchSpace;

import java.util.Locale;

/** Which optimizer a search uses, with its seed, grid resolution and number of initial design points. */
public record OptimizerSpec(Kind kind, long seed, int gridResolution, int initialPoints) {
    /** The available optimizers. */
    public enum Kind {
        GRID, RANDOM, BAYES;

        /** Parses {@code grid}, {@code random} or {@code bayes}, naming {@code key} when it is none of them. */
        public static Kind parse(String value, String key) {
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException(key + ": must be grid, random or bayes, got " + value, e);
            }
        }
    }

    public OptimizerSpec {
        if (kind == null) {
            throw new UsageException("tuning.optimizer.type: missing");
        }
        if (gridResolution < 2) {
            throw new UsageException("tuning.optimizer.grid-resolution: must be >= 2, got " + gridResolution);
        }
        if (initialPoints < 0) {
            throw new UsageException("tuning.optimizer.initial-points: must be >= 0 (0 = default), got " + initialPoints);
        }
    }

    /** A fresh optimizer over {@code space}. */
    public Optimizer create(SearchSpace space) {
        return switch (kind) {
            case GRID -> new GridSearch(space, gridResolution);
            case RANDOM -> new RandomSearch(space, seed);
            case BAYES -> new BayesianOptimizer(space, bayesSettings(space));
        };
    }

    private BayesSettings bayesSettings(SearchSpace space) {
        BayesSettings d = BayesSettings.defaults(seed, space.dimension());
        if (initialPoints == 0) {
            return d;
        }
        return d.withInitialPoints(initialPoints);
    }
}

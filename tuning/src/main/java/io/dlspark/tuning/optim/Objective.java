package io.dlspark.tuning.optim;

import io.dlspark.core.UsageException;

import java.util.Objects;

/**
 * The metric a search optimises and in which direction. Optimizers always minimise a loss; {@link #loss} turns a
 * metric into that loss (the metric itself when minimising, its negation when maximising).
 */
public record Objective(String metric, Goal goal) {
    /** Whether a larger or smaller metric is better. */
    public enum Goal { MINIMIZE, MAXIMIZE }

    public Objective {
        if (metric == null || metric.isBlank()) {
            throw new UsageException("objective.metric: must name a metric, e.g. validation.accuracy");
        }
        Objects.requireNonNull(goal, "goal");
    }

    /** The value optimizers minimise; non-finite metrics stay non-finite. */
    public double loss(double metricValue) {
        return goal == Goal.MINIMIZE ? metricValue : -metricValue;
    }

    /** Whether metric {@code a} is better than {@code b}. */
    public boolean better(double a, double b) {
        return loss(a) < loss(b);
    }
}

package io.dlspark.tuning.search;

import io.dlspark.tuning.optim.Trial;

/** Trains one trial, reporting each epoch; it should return as soon as {@link EpochReporter#report} says stop. */
@FunctionalInterface
public interface TrialFunction {
    void run(Trial trial, EpochReporter reporter) throws Exception;
}

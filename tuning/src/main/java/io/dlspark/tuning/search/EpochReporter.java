package io.dlspark.tuning.search;

import java.util.Map;

/** Receives a trial's metrics after each epoch and says whether to go on. */
@FunctionalInterface
public interface EpochReporter {
    /** Reports the metrics after {@code epoch} (from 1); false means stop training now. */
    boolean report(int epoch, Map<String, Double> metrics);

    /** Names where the trial ran (e.g. a Spark executor and host), when the runner knows better than the caller. */
    default void ranOn(String executor) {
    }
}

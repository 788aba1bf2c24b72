package io.dlspark.tuning.ledger;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The metrics a trial reported after one epoch (counted from 1); values may be NaN when training diverged. */
public record EpochMetrics(int epoch, Map<String, Double> metrics) {
    public EpochMetrics {
        if (epoch < 1) {
            throw new IllegalArgumentException("epochs are counted from 1, got " + epoch);
        }
        Objects.requireNonNull(metrics, "metrics");
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}

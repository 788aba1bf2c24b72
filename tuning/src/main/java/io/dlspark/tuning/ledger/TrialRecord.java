package io.dlspark.tuning.ledger;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One finished trial, one line of {@code ledger.jsonl}.
 *
 * @param trialId        unique within the search
 * @param params         parameter values by parameter name (not target key)
 * @param status         how it ended
 * @param objective      the objective metric (raw, not the loss): required for {@link TrialStatus#OK}, absent
 *                       for {@link TrialStatus#FAILED}
 * @param error          why it failed; present exactly for {@link TrialStatus#FAILED}
 * @param epochs         per-epoch metrics, in order
 * @param durationMillis wall time of the trial
 * @param executor       where it ran (Spark executor id and host, or "local")
 */
public record TrialRecord(int trialId, Map<String, Object> params, TrialStatus status, OptionalDouble objective,
                          Optional<String> error, List<EpochMetrics> epochs, long durationMillis, String executor) {
    public TrialRecord {
        if (trialId < 0) {
            throw new IllegalArgumentException("trial id must be >= 0, got " + trialId);
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(error, "error");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(params, "params")));
        epochs = List.copyOf(epochs);
        if (status == TrialStatus.FAILED) {
            if (error.isEmpty() || error.get().isBlank() || objective.isPresent()) {
                throw new IllegalArgumentException("trial " + trialId + ": a failed trial needs an error and no objective");
            }
        } else {
            if (error.isPresent()) {
                throw new IllegalArgumentException("trial " + trialId + ": only failed trials carry an error");
            }
            if (objective.isEmpty() || !Double.isFinite(objective.getAsDouble())) {
                throw new IllegalArgumentException("trial " + trialId + ": a " + status + " trial needs a finite objective");
            }
        }
        if (durationMillis < 0) {
            throw new IllegalArgumentException("trial " + trialId + ": duration must be >= 0, got " + durationMillis);
        }
        Objects.requireNonNull(executor, "executor");
        for (int i = 1; i < epochs.size(); i++) {
            if (epochs.get(i).epoch() <= epochs.get(i - 1).epoch()) {
                throw new IllegalArgumentException("trial " + trialId + ": epochs must increase");
            }
        }
    }
}

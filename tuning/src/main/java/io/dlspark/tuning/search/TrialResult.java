package io.dlspark.tuning.search;

import io.dlspark.tuning.ledger.EpochMetrics;
import io.dlspark.tuning.optim.Trial;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a trial runner hands back: the epochs it reported, whether the scheduler stopped it, the error that ended it
 * if any, its wall time and where it ran. {@link SearchDriver#complete} turns it into a ledger record.
 */
public record TrialResult(Trial trial, List<EpochMetrics> epochs, boolean stoppedEarly, Optional<String> error,
                          long durationMillis, String executor) {
    public TrialResult {
        Objects.requireNonNull(trial, "trial");
        epochs = List.copyOf(epochs);
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(executor, "executor");
        if (durationMillis < 0) {
            throw new IllegalArgumentException("duration must be >= 0, got " + durationMillis);
        }
    }

    /** A trial that threw: the error names the exception type and message. */
    public static TrialResult failed(Trial trial, List<EpochMetrics> epochs, Throwable error, long durationMillis,
                                     String executor) {
        String message = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return new TrialResult(trial, epochs, false, Optional.of(message), durationMillis, executor);
    }
}

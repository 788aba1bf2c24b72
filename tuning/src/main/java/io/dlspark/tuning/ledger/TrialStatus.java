package io.dlspark.tuning.ledger;

/** How a finished trial ended. */
public enum TrialStatus {
    /** Trained to the end; the objective is its final metric. */
    OK,
    /** Produced no usable result: an exception, out of memory, or a non-finite objective. */
    FAILED,
    /** Stopped early by the scheduler; the objective is its last reported metric. */
    STOPPED
}

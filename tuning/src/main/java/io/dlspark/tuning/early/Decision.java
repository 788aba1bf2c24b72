package io.dlspark.tuning.early;

/** What a trial should do after reporting an epoch. */
public enum Decision {
    /** Train another epoch. */
    CONTINUE,
    /** Stop now: the trial fell behind at a rung (or its metric is not finite). */
    STOP,
    /** The trial has used its full budget of epochs. */
    COMPLETE
}

package io.dlspark.train;

/**
 * The figures of a logged epoch that pick the kept epoch: its number (from 1), validation loss and accuracy, and a
 * detector's validation mAP@0.5.
 */
interface EpochFigures {
    int epoch();

    /** The validation loss, or null when none was measured. */
    Double validationLoss();

    /** The validation accuracy, or null when none was measured. */
    Double validationAccuracy();

    /** A detector's validation mAP@0.5, or null when none was measured (every other model). */
    default Double validationMap50() {
        return null;
    }
}

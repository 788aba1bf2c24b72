package io.dlspark.train;

/** The figures of a logged epoch that pick the kept epoch: its number (from 1) and validation loss and accuracy. */
interface EpochFigures {
    int epoch();

    /** The validation loss, or null when none was measured. */
    Double validationLoss();

    /** The validation accuracy, or null when none was measured. */
    Double validationAccuracy();
}

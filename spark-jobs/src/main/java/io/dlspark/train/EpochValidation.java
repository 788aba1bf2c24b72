package io.dlspark.train;

/** What validation after an epoch found: the figures that pick the kept epoch, or none without a validation split. */
interface EpochValidation {
    /** No validation split. */
    EpochValidation NONE = new EpochValidation() {
    };

    /** The validation loss (classifiers: log loss; generative models: their first loss), or null. */
    default Double loss() {
        return null;
    }

    /** The validation accuracy, or null. */
    default Double accuracy() {
        return null;
    }

    /** A detector's mAP@0.5, or null. */
    default Double map50() {
        return null;
    }
}

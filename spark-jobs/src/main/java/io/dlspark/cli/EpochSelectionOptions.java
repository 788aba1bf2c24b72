package io.dlspark.cli;

import io.dlspark.train.EpochSelection;
import picocli.CommandLine.Option;

/** Which epoch a training run keeps and when it stops early, shared by {@code train} and {@code transfer}. */
final class EpochSelectionOptions {
    @Option(names = "--keep-best", paramLabel = "last|loss|accuracy|map", description = "Which epoch the artifact "
        + "keeps: the last, or the one with the lowest validation log loss, the highest validation accuracy or, for a "
        + "detector, the highest validation mAP@0.5.")
    String keepBest = "last";

    @Option(names = "--patience", paramLabel = "N", description = "With --keep-best loss|accuracy|map: stop after N "
        + "epochs in a row without a better one (0: train all epochs).")
    int patience = 0;

    EpochSelection selection() {
        return EpochSelection.parse(keepBest, patience, "--keep-best", "--patience");
    }
}

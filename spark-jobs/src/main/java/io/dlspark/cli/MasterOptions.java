package io.dlspark.cli;

import io.dlspark.train.EpochSelection;
import io.dlspark.train.RoundExchange;
import io.dlspark.train.TrainRequest;
import picocli.CommandLine.Option;

/** The parameter-averaging master's options, shared by {@code train} and {@code transfer}. */
final class MasterOptions {
    @Option(names = "--workers", paramLabel = "W", description = "Worker tasks per round; default: the cluster's default parallelism.")
    Integer workers;

    @Option(names = "--averaging-frequency", paramLabel = "K", description = "Minibatches per worker between averagings.")
    int averagingFrequency = 5;

    @Option(names = "--tree-depth", paramLabel = "D", description = "Depth of the tree aggregation of worker states.")
    int treeDepth = 2;

    @Option(names = "--seed", description = "Seed of initialisation (or the new head), data layout and minibatch order.")
    long seed = 42;

    @Option(names = "--threads-per-worker", paramLabel = "T", description = "ND4J native threads per worker task.")
    int threadsPerWorker = 1;

    @Option(names = "--round-timeout", paramLabel = "SECONDS", description = "Fail when a round takes longer (0: no limit).")
    long roundTimeout = 0;

    @Option(names = "--exchange", paramLabel = "jobs|live", description = "jobs: one Spark job per round; live: one "
        + "barrier job per epoch whose tasks exchange states with the driver over TCP (faster; needs all workers at once).")
    String exchange = RoundExchange.JOBS.option();

    @Option(names = "--keep-best", paramLabel = "last|loss|accuracy", description = "Which epoch the artifact keeps: "
        + "the last, or the one with the lowest validation log loss or the highest validation accuracy.")
    String keepBest = "last";

    @Option(names = "--patience", paramLabel = "N", description = "With --keep-best loss|accuracy: stop after N epochs "
        + "in a row without a better one (0: train all epochs).")
    int patience = 0;

    /** Which epoch to keep and when to stop early. */
    EpochSelection selection() {
        return EpochSelection.parse(keepBest, patience, "--keep-best", "--patience");
    }

    /** The master's settings with minibatches of {@code batchSize} per worker. */
    TrainRequest.TrainingSettingsInput settings(int batchSize) {
        return new TrainRequest.TrainingSettingsInput(batchSize, averagingFrequency, treeDepth, seed, roundTimeout,
            threadsPerWorker, RoundExchange.parse(exchange, "--exchange"));
    }
}

package io.dlspark.cli;

import io.dlspark.engine.RoundExchange;
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

    @Option(names = "--round-timeout", paramLabel = "SECONDS", description = "Fail when a round takes longer (0: no limit; "
        + "with --exchange live, 0 means 600 s).")
    long roundTimeout = 0;

    @Option(names = "--exchange", paramLabel = "jobs|live", description = "jobs: one Spark job per round; live: one "
        + "barrier job per epoch whose tasks exchange states with the driver over TCP (faster; needs all workers at once).")
    String exchange = RoundExchange.JOBS.option();

    /** The master's settings with minibatches of {@code batchSize} per worker. */
    TrainRequest.TrainingSettingsInput settings(int batchSize) {
        return new TrainRequest.TrainingSettingsInput(batchSize, averagingFrequency, treeDepth, seed, roundTimeout,
            threadsPerWorker, RoundExchange.parse(exchange, "--exchange"));
    }
}

package io.dlspark.cli;

import io.dlspark.engine.ExchangePrecision;
import io.dlspark.engine.RoundExchange;
import io.dlspark.train.TrainingConfig;
import io.dlspark.train.TrainingConfig.Setting;
import picocli.CommandLine.Option;

/** The parameter-averaging master's options, shared by {@code train} and {@code transfer}; defaults from {@link TrainingConfig}. */
final class MasterOptions {
    @Option(names = "--workers", paramLabel = "W", description = "Worker tasks per round; default: the cluster's default parallelism.")
    Integer workers;

    @Option(names = "--averaging-frequency", paramLabel = "K", description = "Minibatches per worker between averagings.")
    int averagingFrequency = Setting.AVERAGING_FREQUENCY.defaultValue();

    @Option(names = "--tree-depth", paramLabel = "D", description = "Depth of the tree aggregation of worker states.")
    int treeDepth = Setting.TREE_DEPTH.defaultValue();

    @Option(names = "--seed", description = "Seed of initialisation (or the new head), data layout and minibatch order.")
    long seed = TrainingConfig.DEFAULT_SEED;

    @Option(names = "--threads-per-worker", paramLabel = "T", description = "ND4J native threads per worker task.")
    int threadsPerWorker = Setting.THREADS_PER_WORKER.defaultValue();

    @Option(names = "--round-timeout", paramLabel = "SECONDS", description = "Fail when a round takes longer (0: no limit; "
        + "with --exchange live or allreduce, 0 means 600 s).")
    int roundTimeout = Setting.ROUND_TIMEOUT_SECONDS.defaultValue();

    @Option(names = "--exchange", paramLabel = "jobs|live|allreduce", description = "jobs: one Spark job per round; "
        + "live: one barrier job per epoch whose tasks exchange states with the driver over TCP (faster; needs all "
        + "workers at once); allreduce: as live, but the tasks average among themselves (the driver moves no states).")
    String exchange = RoundExchange.JOBS.option();

    @Option(names = "--exchange-precision", paramLabel = "fp32|bf16|fp16", description = "How states travel with "
        + "--exchange live or allreduce: fp32 as they are; bf16 or fp16 rounded to 16 bits (half the bytes; sums "
        + "stay in double; bf16 keeps fp32's range, fp16 saturates above 65504 and flushes Adam's tiny moments).")
    String exchangePrecision = ExchangePrecision.FP32.option();

    @Option(names = "--updater-averaging-every", paramLabel = "N", description = "With --exchange allreduce: average "
        + "the updater state only every N rounds (and at epoch ends and checkpoints); in between only parameters travel "
        + "and each worker keeps its own updater state.")
    int updaterAveragingEvery = Setting.UPDATER_AVERAGING_EVERY.defaultValue();

    @Option(names = "--allreduce-pipeline", paramLabel = "P", description = "With --exchange allreduce: cut each "
        + "worker's chunk into P parts, averaging and returning each part as soon as every peer's copy arrived while "
        + "later parts still travel (1: whole chunks; the result is the same bit for bit).")
    int allReducePipeline = Setting.ALLREDUCE_PIPELINE.defaultValue();

    /** Sets the master's options into {@code builder}. */
    TrainingConfig.Builder applyTo(TrainingConfig.Builder builder) {
        return builder.workers(workers).averagingFrequency(averagingFrequency).treeDepth(treeDepth).seed(seed)
            .threadsPerWorker(threadsPerWorker).roundTimeoutSeconds(roundTimeout)
            .exchange(RoundExchange.parse(exchange, "--exchange"))
            .exchangePrecision(ExchangePrecision.parse(exchangePrecision, "--exchange-precision"))
            .set(Setting.UPDATER_AVERAGING_EVERY, updaterAveragingEvery)
            .set(Setting.ALLREDUCE_PIPELINE, allReducePipeline);
    }
}

package io.dlspark.engine;

import io.dlspark.core.UsageException;

import java.io.Serializable;

/**
 * How the parameter-averaging master trains, validated at construction.
 *
 * @param workers            Spark tasks per round, each owning one partition of the training data
 * @param batchSize          minibatch size per worker
 * @param averagingFrequency minibatches each worker fits between two averagings (K)
 * @param treeDepth          depth of {@code treeReduce} when combining worker states
 * @param seed               seed of the data layout and minibatch order
 * @param roundTimeoutSeconds a round taking longer fails the run with a clear error (0 = no limit; a live exchange
 *                            then uses its default of 600 s)
 * @param threadsPerWorker   ND4J (OpenMP/BLAS) threads each worker task may use
 * @param exchange           how states travel between the driver and the workers
 * @param stateEveryRounds   with {@link RoundExchange#ALLREDUCE}, the driver also receives the averaged state every
 *                           this many rounds inside an epoch (for checkpoints; 0: at epoch ends only); mid-epoch rounds
 *                           otherwise return the state the driver last held
 * @param exchangePrecision  how state values travel over a barrier exchange (16 bits: live and allreduce only)
 * @param updaterEveryRounds with {@link RoundExchange#ALLREDUCE}, the updater state is averaged only every this many
 *                           rounds (and whenever the driver receives the state); in between each worker keeps its
 *                           own, and only parameters travel
 * @param allReducePipeline  with {@link RoundExchange#ALLREDUCE}, parts per chunk: each part is averaged and sent
 *                           back as soon as every peer's copy arrived, while later parts travel (1: whole chunks)
 */
public record TrainingSettings(int workers, int batchSize, int averagingFrequency, int treeDepth, long seed,
                               long roundTimeoutSeconds, int threadsPerWorker, RoundExchange exchange,
                               int stateEveryRounds, ExchangePrecision exchangePrecision, int updaterEveryRounds,
                               int allReducePipeline)
    implements Serializable {

    /** Settings whose all-reduce averages whole chunks. */
    public TrainingSettings(int workers, int batchSize, int averagingFrequency, int treeDepth, long seed,
                            long roundTimeoutSeconds, int threadsPerWorker, RoundExchange exchange,
                            int stateEveryRounds, ExchangePrecision exchangePrecision, int updaterEveryRounds) {
        this(workers, batchSize, averagingFrequency, treeDepth, seed, roundTimeoutSeconds, threadsPerWorker, exchange,
            stateEveryRounds, exchangePrecision, updaterEveryRounds, 1);
    }

    /** Settings that average the updater state every round. */
    public TrainingSettings(int workers, int batchSize, int averagingFrequency, int treeDepth, long seed,
                            long roundTimeoutSeconds, int threadsPerWorker, RoundExchange exchange,
                            int stateEveryRounds, ExchangePrecision exchangePrecision) {
        this(workers, batchSize, averagingFrequency, treeDepth, seed, roundTimeoutSeconds, threadsPerWorker, exchange,
            stateEveryRounds, exchangePrecision, 1);
    }

    /** Settings whose states travel in fp32. */
    public TrainingSettings(int workers, int batchSize, int averagingFrequency, int treeDepth, long seed,
                            long roundTimeoutSeconds, int threadsPerWorker, RoundExchange exchange,
                            int stateEveryRounds) {
        this(workers, batchSize, averagingFrequency, treeDepth, seed, roundTimeoutSeconds, threadsPerWorker, exchange,
            stateEveryRounds, ExchangePrecision.FP32);
    }

    /** Settings whose all-reduce sends the driver the averaged state at epoch ends only. */
    public TrainingSettings(int workers, int batchSize, int averagingFrequency, int treeDepth, long seed,
                            long roundTimeoutSeconds, int threadsPerWorker, RoundExchange exchange) {
        this(workers, batchSize, averagingFrequency, treeDepth, seed, roundTimeoutSeconds, threadsPerWorker, exchange, 0);
    }

    /** Settings with one Spark job per round ({@link RoundExchange#JOBS}). */
    public TrainingSettings(int workers, int batchSize, int averagingFrequency, int treeDepth, long seed,
                            long roundTimeoutSeconds, int threadsPerWorker) {
        this(workers, batchSize, averagingFrequency, treeDepth, seed, roundTimeoutSeconds, threadsPerWorker,
            RoundExchange.JOBS);
    }

    public TrainingSettings {
        positive("--workers", workers);
        positive("--threads-per-worker", threadsPerWorker);
        positive("--batch-size", batchSize);
        positive("--averaging-frequency", averagingFrequency);
        positive("--tree-depth", treeDepth);
        if (roundTimeoutSeconds < 0) {
            throw new UsageException("--round-timeout: must be >= 0 seconds, got " + roundTimeoutSeconds);
        }
        if (stateEveryRounds < 0) {
            throw new UsageException("--checkpoint-every-rounds: must be >= 0, got " + stateEveryRounds);
        }
        if (exchange == null) {
            throw new UsageException("--exchange: missing");
        }
        if (exchangePrecision == null) {
            throw new UsageException("--exchange-precision: missing");
        }
        exchangePrecision.requireSupportedBy(exchange, "--exchange-precision", "--exchange");
        requireUpdaterEvery(updaterEveryRounds, exchange, "--updater-averaging-every", "--exchange");
        requirePipeline(allReducePipeline, exchange, "--allreduce-pipeline", "--exchange");
    }

    /**
     * A usage error naming {@code setting} unless the updater state can be averaged every {@code rounds} rounds
     * with {@code exchange} (named {@code exchangeSetting}): more than 1 needs {@code allreduce}, whose workers keep
     * their state between rounds.
     */
    public static void requireUpdaterEvery(int rounds, RoundExchange exchange, String setting, String exchangeSetting) {
        allReduceAboveOne(rounds, exchange, setting, exchangeSetting, "no worker keeps an updater state between rounds");
    }

    /**
     * A usage error naming {@code setting} unless the all-reduce may cut its chunks into {@code parts} parts with
     * {@code exchange}: at least 1, and more needs {@code allreduce}.
     */
    public static void requirePipeline(int parts, RoundExchange exchange, String setting, String exchangeSetting) {
        allReduceAboveOne(parts, exchange, setting, exchangeSetting, "no worker averages chunks");
    }

    private static void allReduceAboveOne(int value, RoundExchange exchange, String setting, String exchangeSetting,
                                          String why) {
        if (value < 1) {
            throw new UsageException(setting + ": must be at least 1, got " + value);
        }
        if (value > 1 && exchange != RoundExchange.ALLREDUCE) {
            throw new UsageException(setting + ": " + value + " needs " + exchangeSetting + " allreduce (with "
                + exchange.option() + " " + why + ")");
        }
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new UsageException(option + ": must be at least 1, got " + value);
        }
    }
}

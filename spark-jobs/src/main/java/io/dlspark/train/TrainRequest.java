package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.shard.TextFeatureKind;
import io.dlspark.engine.RoundExchange;
import io.dlspark.engine.TrainingSettings;

/**
 * One {@code dlspark train} run, validated at construction.
 *
 * @param workers               worker tasks per round, or null for the cluster's default parallelism
 * @param optimizer             the optimizer, or null for the one the model spec declares
 * @param checkpointEveryRounds also checkpoint every N rounds inside an epoch (0 = only at epoch ends)
 * @param augment               augmentation config file applied online to the training split, or null for none
 * @param features              text shards: which fitted vectoriser feeds the model (null: TF-IDF)
 * @param selection             which epoch the artifact keeps and when to stop early (null: the last, never)
 */
public record TrainRequest(String data, String model, int epochs, String output, Integer workers,
                           TrainingSettingsInput settings, OptimizerConfig optimizer, boolean resume, boolean overwrite,
                           int checkpointEveryRounds, String augment, TextFeatureKind features,
                           EpochSelection selection) {

    /** A run that keeps its last epoch. */
    public TrainRequest(String data, String model, int epochs, String output, Integer workers,
                        TrainingSettingsInput settings, OptimizerConfig optimizer, boolean resume, boolean overwrite,
                        int checkpointEveryRounds, String augment, TextFeatureKind features) {
        this(data, model, epochs, output, workers, settings, optimizer, resume, overwrite, checkpointEveryRounds, augment,
            features, EpochSelection.LAST);
    }

    /** A run with the default features and no online augmentation. */
    public TrainRequest(String data, String model, int epochs, String output, Integer workers,
                        TrainingSettingsInput settings, OptimizerConfig optimizer, boolean resume, boolean overwrite,
                        int checkpointEveryRounds) {
        this(data, model, epochs, output, workers, settings, optimizer, resume, overwrite, checkpointEveryRounds, null, null);
    }

    /** A run with the default features of its data. */
    public TrainRequest(String data, String model, int epochs, String output, Integer workers,
                        TrainingSettingsInput settings, OptimizerConfig optimizer, boolean resume, boolean overwrite,
                        int checkpointEveryRounds, String augment) {
        this(data, model, epochs, output, workers, settings, optimizer, resume, overwrite, checkpointEveryRounds, augment,
            null);
    }

    /** A run without online augmentation. */
    public TrainRequest(String data, String model, int epochs, String output, Integer workers,
                        TrainingSettingsInput settings, OptimizerConfig optimizer, boolean resume, boolean overwrite,
                        int checkpointEveryRounds, TextFeatureKind features) {
        this(data, model, epochs, output, workers, settings, optimizer, resume, overwrite, checkpointEveryRounds, null,
            features);
    }

    public TrainRequest {
        if (epochs < 1) {
            throw new UsageException("--epochs: must be at least 1, got " + epochs);
        }
        if (checkpointEveryRounds < 0) {
            throw new UsageException("--checkpoint-every-rounds: must be >= 0, got " + checkpointEveryRounds);
        }
        if (resume && overwrite) {
            throw new UsageException("--resume and --overwrite exclude each other");
        }
        if (selection == null) {
            selection = EpochSelection.LAST;
        }
    }

    /** This run keeping the epoch {@code selection} picks. */
    public TrainRequest withSelection(EpochSelection selection) {
        return new TrainRequest(data, model, epochs, output, workers, settings, optimizer, resume, overwrite,
            checkpointEveryRounds, augment, features, selection);
    }

    /**
     * The master's settings that do not depend on the cluster (the worker count does), and how the learning rate
     * follows the worker count.
     */
    public record TrainingSettingsInput(int batchSize, int averagingFrequency, int treeDepth, long seed,
                                        long roundTimeoutSeconds, int threadsPerWorker, RoundExchange exchange,
                                        LearningRateScaling learningRateScaling) {

        /** Settings with one Spark job per round ({@link RoundExchange#JOBS}) and no learning-rate scaling. */
        public TrainingSettingsInput(int batchSize, int averagingFrequency, int treeDepth, long seed,
                                     long roundTimeoutSeconds, int threadsPerWorker) {
            this(batchSize, averagingFrequency, treeDepth, seed, roundTimeoutSeconds, threadsPerWorker, RoundExchange.JOBS);
        }

        /** Settings without learning-rate scaling. */
        public TrainingSettingsInput(int batchSize, int averagingFrequency, int treeDepth, long seed,
                                     long roundTimeoutSeconds, int threadsPerWorker, RoundExchange exchange) {
            this(batchSize, averagingFrequency, treeDepth, seed, roundTimeoutSeconds, threadsPerWorker, exchange,
                LearningRateScaling.NONE);
        }

        public TrainingSettingsInput withLearningRateScaling(LearningRateScaling scaling) {
            return new TrainingSettingsInput(batchSize, averagingFrequency, treeDepth, seed, roundTimeoutSeconds,
                threadsPerWorker, exchange, scaling);
        }

        public TrainingSettings withWorkers(int workers) {
            return new TrainingSettings(workers, batchSize, averagingFrequency, treeDepth, seed, roundTimeoutSeconds,
                threadsPerWorker, exchange);
        }
    }
}

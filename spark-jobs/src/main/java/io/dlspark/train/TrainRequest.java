package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.model.OptimizerConfig;

/**
 * One {@code dlspark train} run, validated at construction.
 *
 * @param workers               worker tasks per round, or null for the cluster's default parallelism
 * @param checkpointEveryRounds also checkpoint every N rounds inside an epoch (0 = only at epoch ends)
 */
public record TrainRequest(String data, String model, int epochs, String output, Integer workers,
                           TrainingSettingsInput settings, OptimizerConfig optimizer, boolean resume, boolean overwrite,
                           int checkpointEveryRounds) {

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
    }

    /** The master's settings that do not depend on the cluster (the worker count does). */
    public record TrainingSettingsInput(int batchSize, int averagingFrequency, int treeDepth, long seed,
                                        long roundTimeoutSeconds, int threadsPerWorker) {
        public TrainingSettings withWorkers(int workers) {
            return new TrainingSettings(workers, batchSize, averagingFrequency, treeDepth, seed, roundTimeoutSeconds,
                threadsPerWorker);
        }
    }
}

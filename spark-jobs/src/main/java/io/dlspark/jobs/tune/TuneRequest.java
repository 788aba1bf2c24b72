package io.dlspark.jobs.tune;

import io.dlspark.core.UsageException;
import io.dlspark.tuning.OptimizerSpec;

/**
 * One {@code dlspark tune} run. Null overrides keep the configuration file's value.
 *
 * @param config            HOCON file with a {@code tuning} section (any Hadoop file system path)
 * @param data              shard set written by {@code dlspark ingest}, with a validation split
 * @param output            folder of the ledger, report and best model
 * @param optimizer         overrides {@code tuning.optimizer.type}
 * @param trials            overrides {@code tuning.trials}
 * @param parallelTrials    overrides {@code tuning.parallel-trials}
 * @param distributedTrials each trial trains by parameter averaging over the cluster, one trial at a time
 * @param resume            continue the search recorded in {@code output}
 */
public record TuneRequest(String config, String data, String output, OptimizerSpec.Kind optimizer, Integer trials,
                          Integer parallelTrials, boolean distributedTrials, boolean resume) {
    public TuneRequest {
        if (distributedTrials && parallelTrials != null) {
            throw new UsageException("--parallel-trials and --distributed-trials exclude each other");
        }
        if (trials != null && trials < 1) {
            throw new UsageException("--trials: must be >= 1, got " + trials);
        }
        if (parallelTrials != null && parallelTrials < 1) {
            throw new UsageException("--parallel-trials: must be >= 1, got " + parallelTrials);
        }
    }
}

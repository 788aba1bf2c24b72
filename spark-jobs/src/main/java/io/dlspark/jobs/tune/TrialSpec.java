package io.dlspark.jobs.tune;

import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.train.NetworkBlueprint;

import java.io.Serializable;
import java.util.Map;

/**
 * Everything a trial needs to train: the network (configuration with the trial's model, updater, dropout and L2
 * settings; parameters initialised from the seed), the minibatch size, the seed of the minibatch order, the
 * optimizer and the model-spec overrides for distributed trials, and the settings in words for reports.
 */
public record TrialSpec(NetworkBlueprint blueprint, int batchSize, long seed, OptimizerConfig optimizer,
                        Map<String, Object> modelOverrides, Map<String, Object> settings) implements Serializable {
}

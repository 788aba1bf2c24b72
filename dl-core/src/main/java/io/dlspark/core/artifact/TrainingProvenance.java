package io.dlspark.core.artifact;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * The {@code training} block of an artifact's manifest: how the model was trained. Fields that do not apply are
 * absent (null).
 *
 * @param epochs             epochs asked for
 * @param workers            worker tasks per round
 * @param batchSize          minibatch size per worker
 * @param averagingFrequency minibatches per worker between averagings
 * @param treeDepth          depth of the tree aggregation
 * @param exchange           {@code jobs} or {@code live}
 * @param learningRateScaling {@code none}, {@code linear} or {@code sqrt}
 * @param optimizer          the optimizer's name
 * @param learningRate       the learning rate trained with, after any scaling
 * @param optimizerSettings  the optimizer in words, with its schedule
 * @param seed               seed of initialisation, data layout and minibatch order
 * @param keepBest           {@code last}, {@code loss} or {@code accuracy}
 * @param patience           epochs without improvement before stopping early (0: never)
 * @param augment            the online augmentation, in words
 * @param family             a generative model's family ({@code gan}, {@code vae})
 * @param settings           a generative model's fitting settings
 * @param trial              a tuning trial's chosen values, by name
 * @param trainRecords       training records a tuning trial used
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingProvenance(Integer epochs, Integer workers, Integer batchSize, Integer averagingFrequency,
                                 Integer treeDepth, String exchange, String learningRateScaling, String optimizer,
                                 Double learningRate, String optimizerSettings, Long seed, String keepBest,
                                 Integer patience, String augment, String family, Map<String, Object> settings,
                                 Map<String, Object> trial, Long trainRecords) {

    /** The same record with the online augmentation {@code description}. */
    public TrainingProvenance withAugment(String description) {
        return new TrainingProvenance(epochs, workers, batchSize, averagingFrequency, treeDepth, exchange,
            learningRateScaling, optimizer, learningRate, optimizerSettings, seed, keepBest, patience, description, family,
            settings, trial, trainRecords);
    }

    /** The same record for a generative model of {@code family} with fitting {@code generativeSettings}. */
    public TrainingProvenance withGenerative(String generativeFamily, Map<String, Object> generativeSettings) {
        return new TrainingProvenance(epochs, workers, batchSize, averagingFrequency, treeDepth, exchange,
            learningRateScaling, optimizer, learningRate, optimizerSettings, seed, keepBest, patience, augment,
            generativeFamily, generativeSettings, trial, trainRecords);
    }

    /** A tuning trial's record: its chosen values, epochs, training records and seed. */
    public static TrainingProvenance ofTrial(Map<String, Object> trial, int epochs, long trainRecords, long seed) {
        return new TrainingProvenance(epochs, null, null, null, null, null, null, null, null, null, seed, null, null,
            null, null, null, Map.copyOf(trial), trainRecords);
    }
}

package io.dlspark.jobs.tune;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.dlspark.core.UsageException;

import java.io.Serializable;
import java.util.Set;

/**
 * How every trial trains unless its parameters override it, from {@code tuning.training} (all keys optional): model,
 * epochs, batch size, updater, learning rate, seed, training subset, threads and, for distributed trials, workers and
 * averaging frequency.
 */
public record TrialTraining(String model, int epochs, int batchSize, String updater, double learningRate, long seed,
                            int maxTrainRecords, int threadsPerTrial, int workersPerTrial, int averagingFrequency)
    implements Serializable {
    private static final String PREFIX = "tuning.training.";
    private static final Set<String> KEYS = Set.of("model", "epochs", "batch-size", "updater", "learning-rate", "seed",
        "max-train-records", "threads-per-trial", "workers-per-trial", "averaging-frequency");

    public TrialTraining {
        positive("epochs", epochs);
        positive("batch-size", batchSize);
        positive("threads-per-trial", threadsPerTrial);
        positive("averaging-frequency", averagingFrequency);
        if (maxTrainRecords < 0) {
            throw new UsageException(PREFIX + "max-train-records: must be >= 0 (0 = all), got " + maxTrainRecords);
        }
        if (workersPerTrial < 0) {
            throw new UsageException(PREFIX + "workers-per-trial: must be >= 0 (0 = default parallelism), got " + workersPerTrial);
        }
        if (!(learningRate > 0)) {
            throw new UsageException(PREFIX + "learning-rate: must be > 0, got " + learningRate);
        }
    }

    /** Reads {@code tuning.training} of {@code root}; unknown keys and bad values are errors naming the key. */
    public static TrialTraining parse(Config root) {
        Config t = root.hasPath("tuning.training") ? root.getConfig("tuning.training") : com.typesafe.config.ConfigFactory.empty();
        for (String key : t.root().keySet()) {
            if (!KEYS.contains(key)) {
                throw new UsageException(PREFIX + key + ": unknown key (known: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        try {
            return new TrialTraining(
                t.hasPath("model") ? t.getString("model") : "mlp",
                t.hasPath("epochs") ? t.getInt("epochs") : 3,
                t.hasPath("batch-size") ? t.getInt("batch-size") : 64,
                t.hasPath("updater") ? t.getString("updater") : "adam",
                t.hasPath("learning-rate") ? t.getDouble("learning-rate") : 1e-3,
                t.hasPath("seed") ? t.getLong("seed") : 42L,
                t.hasPath("max-train-records") ? t.getInt("max-train-records") : 0,
                t.hasPath("threads-per-trial") ? t.getInt("threads-per-trial") : 1,
                t.hasPath("workers-per-trial") ? t.getInt("workers-per-trial") : 0,
                t.hasPath("averaging-frequency") ? t.getInt("averaging-frequency") : 5);
        } catch (ConfigException e) {
            throw new UsageException("tuning.training: " + e.getMessage(), e);
        }
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new UsageException(PREFIX + key + ": must be >= 1, got " + value);
        }
    }
}

package io.dlspark.jobs.tune;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.dlspark.core.UsageException;
import io.dlspark.tuning.TuningConfig;

/**
 * A tuning configuration file, parsed and checked: its text (a resumed search must start from the same text), the
 * {@code tuning} section and the training every trial starts from. Read by {@code dlspark tune} and by a pipeline's
 * tune stage, which checks the file before any stage runs.
 */
public record TuningFile(String text, TuningConfig tuning, TrialTraining training) {
    /** Parses {@code text}; syntax errors start with {@code origin}, e.g. {@code --config conf/tuning/x.conf}. */
    public static TuningFile parse(String text, String origin) {
        Config root;
        try {
            root = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription(origin)).resolve();
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage(), e);
        }
        TuningConfig tuning = TuningConfig.parse(root);
        TrialTraining training = TrialTraining.parse(root);
        tuning.earlyStopping().ifPresent(a -> {
            if (a.maxResource() != training.epochs()) {
                throw new UsageException("tuning.early-stopping.max-resource (" + a.maxResource()
                    + ") must equal tuning.training.epochs (" + training.epochs() + ")");
            }
        });
        return new TuningFile(text, tuning, training);
    }
}

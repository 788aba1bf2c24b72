package io.dlspark.tuning;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.dlspark.core.UsageException;
import io.dlspark.tuning.early.AshaSettings;
import io.dlspark.tuning.optim.Objective;
import io.dlspark.tuning.space.SearchSpace;
import io.dlspark.tuning.space.SearchSpaceParser;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A tuning run as declared under {@code tuning} in HOCON (see {@code conf/tuning/*.conf}): objective, search
 * space, optimizer, optional ASHA early stopping, the trial budget and how many trials run at once.
 */
public record TuningConfig(Objective objective, SearchSpace space, OptimizerSpec optimizer,
                           Optional<AshaSettings> earlyStopping, int trials, int parallelTrials) {
    public TuningConfig {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(earlyStopping, "earlyStopping");
        if (trials < 1) {
            throw new UsageException("tuning.trials: must be >= 1, got " + trials);
        }
        if (parallelTrials < 1) {
            throw new UsageException("tuning.parallel-trials: must be >= 1, got " + parallelTrials);
        }
    }

    /** Reads the {@code tuning} object of {@code root}; every error names the offending key. */
    public static TuningConfig parse(Config root) {
        try {
            Config t = root.getConfig("tuning");
            Objective objective = new Objective(t.getString("objective.metric"),
                    goal(t.hasPath("objective.goal") ? t.getString("objective.goal") : "maximize"));
            SearchSpace space = SearchSpaceParser.parse(root, "tuning.space");
            OptimizerSpec optimizer = new OptimizerSpec(
                    OptimizerSpec.Kind.parse(t.hasPath("optimizer.type") ? t.getString("optimizer.type") : "bayes",
                            "tuning.optimizer.type"),
                    t.hasPath("optimizer.seed") ? t.getLong("optimizer.seed") : 42L,
                    t.hasPath("optimizer.grid-resolution") ? t.getInt("optimizer.grid-resolution") : 5,
                    t.hasPath("optimizer.initial-points") ? t.getInt("optimizer.initial-points") : 0);
            Optional<AshaSettings> asha = Optional.empty();
            if (t.hasPath("early-stopping") && (!t.hasPath("early-stopping.enabled") || t.getBoolean("early-stopping.enabled"))) {
                asha = Optional.of(new AshaSettings(t.getInt("early-stopping.min-resource"),
                        t.getInt("early-stopping.reduction-factor"), t.getInt("early-stopping.max-resource")));
            }
            return new TuningConfig(objective, space, optimizer, asha, t.getInt("trials"),
                    t.hasPath("parallel-trials") ? t.getInt("parallel-trials") : 1);
        } catch (ConfigException e) {
            throw new UsageException("tuning: " + e.getMessage(), e);
        }
    }

    private static Objective.Goal goal(String s) {
        try {
            return Objective.Goal.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("tuning.objective.goal: must be minimize or maximize, got " + s, e);
        }
    }
}

package io.dlspark.core.model;

import io.dlspark.core.UsageException;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

import java.io.Serializable;
import java.util.Locale;

/** The optimizer of a training run: {@code adam}, {@code sgd} or {@code nesterov}, with its learning rate. */
public record OptimizerConfig(String name, double learningRate) implements Serializable {

    public OptimizerConfig {
        name = name.toLowerCase(Locale.ROOT);
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new UsageException("--learning-rate: must be a positive number, got " + learningRate);
        }
        if (!name.equals("adam") && !name.equals("sgd") && !name.equals("nesterov")) {
            throw new UsageException("--optimizer: unknown optimizer '" + name + "' (expected adam, sgd or nesterov)");
        }
    }

    public static OptimizerConfig adam(double learningRate) {
        return new OptimizerConfig("adam", learningRate);
    }

    public IUpdater updater() {
        return switch (name) {
            case "adam" -> new Adam(learningRate);
            case "sgd" -> new Sgd(learningRate);
            default -> new Nesterovs(learningRate, 0.9);
        };
    }
}

package io.dlspark.core.model.sequential;

import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/** Model-wide layer settings: {@code activation}, {@code weight-init}, {@code l1} and {@code l2}. */
public record LayerDefaults(Activation activation, WeightInit weightInit, double l1, double l2) implements Serializable {
    /** Activation names accepted per model and per layer. */
    public static final List<String> ACTIVATIONS = List.of("relu", "leakyrelu", "elu", "selu", "gelu", "swish", "tanh",
        "sigmoid", "softplus", "identity");
    /** Weight initialisations accepted by {@code weight-init}. */
    public static final List<String> WEIGHT_INITS = List.of("xavier", "xavier-uniform", "relu", "relu-uniform",
        "lecun-normal", "lecun-uniform", "normal", "uniform");

    /** Reads the model-wide keys, with the family's default activation and weight initialisation names. */
    public static LayerDefaults parse(Params params, String activation, String weightInit) {
        return new LayerDefaults(activation(params, "activation", activation),
            weightInit(params, params.string("weight-init", weightInit)),
            params.number("l1", 0, 0, 1), params.number("l2", 0, 0, 1));
    }

    /** The activation under {@code key}, or {@code fallback} (a name) when absent; null when both are absent. */
    static Activation activation(Params params, String key, String fallback) {
        String name = params.string(key, fallback);
        if (name == null) {
            return null;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (!ACTIVATIONS.contains(lower)) {
            throw new UsageException(params.key(key) + ": unknown activation '" + name + "' (expected "
                + String.join(", ", ACTIVATIONS) + ")");
        }
        return Activation.valueOf(lower.toUpperCase(Locale.ROOT));
    }

    private static WeightInit weightInit(Params params, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!WEIGHT_INITS.contains(lower)) {
            throw new UsageException(params.key("weight-init") + ": unknown weight initialisation '" + name
                + "' (expected " + String.join(", ", WEIGHT_INITS) + ")");
        }
        return WeightInit.valueOf(lower.replace('-', '_').toUpperCase(Locale.ROOT));
    }
}

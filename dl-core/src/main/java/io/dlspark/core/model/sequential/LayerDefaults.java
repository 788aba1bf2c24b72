package io.dlspark.core.model.sequential;

import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;
import io.dlspark.core.model.OptimizerConfig;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

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

    /**
     * A network configuration builder with {@code seed}, float parameters, these defaults (activation, weight
     * initialisation, L1 and L2 when above 0) and {@code optimizer}.
     */
    public NeuralNetConfiguration.Builder networkBuilder(long seed, OptimizerConfig optimizer) {
        NeuralNetConfiguration.Builder builder = new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.FLOAT)
            .weightInit(weightInit)
            .activation(activation);
        optimizer.applyTo(builder);
        if (l1 > 0) {
            builder.l1(l1);
        }
        if (l2 > 0) {
            builder.l2(l2);
        }
        return builder;
    }

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

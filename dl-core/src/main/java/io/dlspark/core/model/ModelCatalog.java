package io.dlspark.core.model;

import io.dlspark.core.UsageException;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The models {@code --model} accepts by name. */
public final class ModelCatalog {
    private static final Map<String, ModelSpec> MODELS = new TreeMap<>(Map.of(
        "mlp", new MlpSpec("mlp", List.of(256, 128)),
        "lenet", new LeNetSpec()));

    private ModelCatalog() {
    }

    public static ModelSpec resolve(String name) {
        ModelSpec spec = MODELS.get(name);
        if (spec == null) {
            throw new UsageException("--model: unknown model '" + name + "' (known: " + String.join(", ", MODELS.keySet()) + ")");
        }
        return spec;
    }

    public static List<String> names() {
        return List.copyOf(MODELS.keySet());
    }
}

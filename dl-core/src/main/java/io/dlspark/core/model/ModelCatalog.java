package io.dlspark.core.model;

import io.dlspark.core.UsageException;
import io.dlspark.core.gen.DcganSpec;
import io.dlspark.core.gen.GanMlpSpec;
import io.dlspark.core.gen.GenerativeSpec;
import io.dlspark.core.gen.VaeMlpSpec;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The models {@code --model} accepts by name: classifiers and generative models. */
public final class ModelCatalog {
    private static final Map<String, ModelSpec> MODELS = new TreeMap<>(Map.of(
        "mlp", new MlpSpec("mlp", List.of(256, 128)),
        "lenet", new LeNetSpec()));
    private static final Map<String, GenerativeSpec> GENERATIVE = new TreeMap<>(Map.of(
        "gan-mlp", new GanMlpSpec("gan-mlp", 64, List.of(256, 512), List.of(512, 256), 1, 0.1),
        "dcgan", new DcganSpec("dcgan", 64, 32, 1, 0.1),
        "vae-mlp", new VaeMlpSpec("vae-mlp", 16, List.of(512, 256), "bernoulli")));

    private ModelCatalog() {
    }

    public static ModelSpec resolve(String name) {
        ModelSpec spec = MODELS.get(name);
        if (spec == null) {
            throw unknown(name);
        }
        return spec;
    }

    public static boolean isGenerative(String name) {
        return GENERATIVE.containsKey(name);
    }

    public static GenerativeSpec resolveGenerative(String name) {
        GenerativeSpec spec = GENERATIVE.get(name);
        if (spec == null) {
            throw unknown(name);
        }
        return spec;
    }

    public static List<String> names() {
        TreeMap<String, Object> all = new TreeMap<>(MODELS);
        all.putAll(GENERATIVE);
        return List.copyOf(all.keySet());
    }

    private static UsageException unknown(String name) {
        return new UsageException("--model: unknown model '" + name + "' (known: " + String.join(", ", names()) + ")");
    }
}

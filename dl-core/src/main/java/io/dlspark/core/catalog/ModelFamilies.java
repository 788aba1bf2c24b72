package io.dlspark.core.catalog;

import io.dlspark.core.UsageException;
import io.dlspark.core.gen.DcganSpec;
import io.dlspark.core.gen.GanMlpSpec;
import io.dlspark.core.gen.VaeMlpSpec;
import io.dlspark.core.model.ModelFamily;
import io.dlspark.core.model.residual.ResNetFamily;
import io.dlspark.core.model.sequential.MlpFamily;
import io.dlspark.core.model.sequential.SequentialFamily;
import io.dlspark.core.model.sequential.VggFamily;
import io.dlspark.core.model.transformer.TransformerFamily;
import io.dlspark.core.model.yolo.YoloFamily;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model families by {@code kind}: the classifiers {@code sequential}, {@code mlp}, {@code vgg}, {@code resnet} and
 * {@code transformer},
 * the generative {@code gan-mlp}, {@code dcgan} and {@code vae-mlp}, the detector {@code yolo}, and any registered later.
 */
public final class ModelFamilies {
    private static final Map<String, ModelFamily> FAMILIES = new ConcurrentHashMap<>(Map.of(
        "sequential", new SequentialFamily(),
        "mlp", new MlpFamily(),
        "vgg", new VggFamily(),
        "resnet", new ResNetFamily(),
        "transformer", new TransformerFamily(),
        "gan-mlp", GanMlpSpec::parse,
        "dcgan", DcganSpec::parse,
        "vae-mlp", VaeMlpSpec::parse,
        "yolo", new YoloFamily()));

    private ModelFamilies() {
    }

    /** Adds a family, or replaces the one of the same kind. */
    public static void register(String kind, ModelFamily family) {
        FAMILIES.put(kind, family);
    }

    public static Set<String> kinds() {
        return new TreeMap<>(FAMILIES).keySet();
    }

    static ModelFamily of(String kind, String key) {
        ModelFamily family = FAMILIES.get(kind);
        if (family == null) {
            throw new UsageException(key + ": unknown model kind '" + kind + "' (known: " + String.join(", ", kinds()) + ")");
        }
        return family;
    }
}

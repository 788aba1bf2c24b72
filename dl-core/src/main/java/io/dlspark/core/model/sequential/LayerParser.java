package io.dlspark.core.model.sequential;

import com.typesafe.config.Config;
import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@code layers = [ { type = conv2d, ... }, ... ]} list into layer specs; the types and their keys are listed
 * in docs/configuration.md ({@code kind = sequential}).
 */
public final class LayerParser {
    static final List<String> TYPES = List.of("dense", "conv2d", "pool2d", "batch-norm", "dropout", "embedding", "conv1d",
        "global-pool");
    private static final int MAX_SIZE = 1 << 20;

    private LayerParser() {
    }

    /** The layers listed under {@code key} of a model spec, each validated; errors name the layer's key. */
    public static List<LayerSpec> parse(Params model, String key) {
        List<? extends Config> configs = model.objects(key);
        if (configs.isEmpty()) {
            throw new UsageException(model.key(key) + ": must list at least one layer");
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            String layerKey = model.key(key) + "[" + i + "]";
            Params params = new Params(configs.get(i), layerKey, "a layer");
            LayerSpec layer = layer(params, layerKey);
            if (layer instanceof Embedding && i > 0) {
                throw new UsageException(layerKey + ".type: an embedding layer must come first");
            }
            if (layer instanceof Dropout && i > 0 && layers.get(i - 1) instanceof GlobalPool) {
                throw new UsageException(layerKey + ": DL4J cannot back-propagate a dropout layer right after global-pool;"
                    + " put the dropout after the next dense layer");
            }
            params.rejectUnknownKeys();
            layers.add(layer);
        }
        return layers;
    }

    private static LayerSpec layer(Params p, String key) {
        String type = p.string("type").toLowerCase(Locale.ROOT);
        return switch (type) {
            case "dense" -> new Dense(key, p.integer("size", 1, MAX_SIZE), LayerDefaults.activation(p, "activation", null));
            case "conv2d" -> new Conv2d(key, p.integer("filters", 1, MAX_SIZE), p.size("kernel", 1, 1024),
                p.has("stride") ? p.size("stride", 1, 1024) : new int[] {1, 1}, padding(p),
                LayerDefaults.activation(p, "activation", null));
            case "pool2d" -> {
                int[] kernel = p.has("kernel") ? p.size("kernel", 1, 1024) : new int[] {2, 2};
                yield new Pool2d(key, max(p), kernel, p.has("stride") ? p.size("stride", 1, 1024) : kernel, padding(p),
                    p.bool("adaptive", false));
            }
            case "batch-norm" -> new BatchNorm(key);
            case "dropout" -> new Dropout(key, p.number("rate", 0, 0.99));
            case "embedding" -> new Embedding(key, p.integer("dimension", 1, MAX_SIZE), 0);
            case "conv1d" -> new Conv1d(key, p.integer("filters", 1, MAX_SIZE), p.integer("kernel", 1, 1024),
                p.integer("stride", 1, 1, 1024), padding(p), LayerDefaults.activation(p, "activation", null));
            case "global-pool" -> new GlobalPool(key, max(p));
            default -> throw new UsageException(p.key("type") + ": unknown layer type '" + type + "' (expected "
                + String.join(", ", TYPES) + ")");
        };
    }

    private static boolean max(Params p) {
        String pooling = p.string("pooling", "max").toLowerCase(Locale.ROOT);
        if (!pooling.equals("max") && !pooling.equals("avg")) {
            throw new UsageException(p.key("pooling") + ": unknown pooling '" + pooling + "' (expected max or avg)");
        }
        return pooling.equals("max");
    }

    /** {@code padding}: {@code same}, {@code valid} (0) or a number of pixels; default 0. */
    static int padding(Params p) {
        if (!p.has("padding")) {
            return 0;
        }
        String text = p.string("padding").toLowerCase(Locale.ROOT);
        if (text.equals("same")) {
            return Spatial.SAME;
        }
        if (text.equals("valid")) {
            return 0;
        }
        return p.integer("padding", 0, 1024);
    }
}

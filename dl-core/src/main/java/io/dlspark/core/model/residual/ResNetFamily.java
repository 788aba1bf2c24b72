package io.dlspark.core.model.residual;

import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;
import io.dlspark.core.model.ModelFamily;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.SpecHeader;
import io.dlspark.core.model.sequential.LayerDefaults;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code kind = resnet}: a stem convolution, stages of basic residual blocks, global pooling, optional dense layers
 * and a softmax output (keys in docs/configuration.md and docs/recipes.md).
 */
public final class ResNetFamily implements ModelFamily {
    private static final int MAX_WIDTH = 1 << 14;

    @Override
    public ModelSpec parse(SpecHeader header, Params params) {
        LayerDefaults defaults = LayerDefaults.parse(params, "relu", "relu");
        if (defaults.activation() != org.nd4j.linalg.activations.Activation.RELU) {
            throw new UsageException(params.key("activation") + ": a resnet model uses relu");
        }
        int stem = params.integer("stem-filters", 16, 1, MAX_WIDTH);
        List<Integer> blocks = required(params, params.integers("stages", null, 1, 64), "stages");
        List<Integer> widths = required(params, params.integers("widths", null, 1, MAX_WIDTH), "widths");
        List<Integer> strides = params.integers("strides", defaultStrides(blocks.size()), 1, 4);
        sameLength(params, blocks, widths, "widths");
        sameLength(params, blocks, strides, "strides");
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            stages.add(new Stage(blocks.get(i), widths.get(i), strides.get(i)));
        }
        String pooling = params.string("global-pool", "avg").toLowerCase(Locale.ROOT);
        if (!pooling.equals("avg") && !pooling.equals("max")) {
            throw new UsageException(params.key("global-pool") + ": unknown pooling '" + pooling + "' (expected avg or max)");
        }
        List<Integer> dense = params.integers("dense", List.of(), 1, 1 << 20);
        double dropout = params.number("dropout", 0, 0, 0.99);
        double smoothing = params.number("label-smoothing", 0, 0, 0.99);
        double decay = params.number("batch-norm-decay", 0.9, 0, 0.9999);
        boolean zeroInit = params.bool("zero-init-residual", false);
        return new ResNetSpec(header, stem, stages, pooling.equals("max"), dense, dropout, smoothing, decay, zeroInit,
            defaults);
    }

    /** Stride 1 for the first stage and 2 for every later one: 28x28 becomes 28, 14, 7 with three stages. */
    private static List<Integer> defaultStrides(int stages) {
        List<Integer> strides = new ArrayList<>();
        for (int i = 0; i < stages; i++) {
            strides.add(i == 0 ? 1 : 2);
        }
        return strides;
    }

    private static List<Integer> required(Params params, List<Integer> values, String key) {
        if (values == null || values.isEmpty()) {
            throw new UsageException(params.key(key) + ": missing (required for a resnet model, one entry per stage)");
        }
        return values;
    }

    private static void sameLength(Params params, List<Integer> stages, List<Integer> other, String key) {
        if (other.size() != stages.size()) {
            throw new UsageException(params.key(key) + ": has " + other.size() + " entries but " + params.key("stages")
                + " has " + stages.size() + "; give one per stage");
        }
    }
}

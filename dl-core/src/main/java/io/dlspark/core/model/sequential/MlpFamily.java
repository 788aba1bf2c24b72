package io.dlspark.core.model.sequential;

import io.dlspark.core.config.Params;
import io.dlspark.core.model.ModelFamily;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.SpecHeader;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code kind = mlp}: {@code hidden-layers} (sizes, default [256, 128]), each followed by batch normalisation when
 * {@code batch-norm = true} and by dropout of rate {@code dropout} when above 0, plus {@code activation},
 * {@code weight-init}, {@code l1} and {@code l2}. Takes flattened images or vectors.
 */
public final class MlpFamily implements ModelFamily {
    @Override
    public ModelSpec parse(SpecHeader header, Params params) {
        LayerDefaults defaults = LayerDefaults.parse(params, "relu", "relu");
        List<Integer> sizes = params.integers("hidden-layers", List.of(256, 128), 1, 1 << 20);
        boolean batchNorm = params.bool("batch-norm", false);
        double dropout = params.number("dropout", 0, 0, 0.99);
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            String key = params.key("hidden-layers") + "[" + i + "]";
            layers.add(new Dense(key, sizes.get(i), null));
            if (batchNorm) {
                layers.add(new BatchNorm(params.key("batch-norm")));
            }
            if (dropout > 0) {
                layers.add(new Dropout(params.key("dropout"), dropout));
            }
        }
        return new SequentialSpec(header, layers, defaults);
    }
}

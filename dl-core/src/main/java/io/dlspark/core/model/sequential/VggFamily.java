package io.dlspark.core.model.sequential;

import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;
import io.dlspark.core.model.ModelFamily;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.SpecHeader;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code kind = vgg}: blocks of 'same' convolutions, each closed by a 2x2 max pooling, then dropout and dense layers
 * (keys in docs/configuration.md). VGG-11 is {@code convs-per-block = [1, 1, 2, 2, 2]}.
 */
public final class VggFamily implements ModelFamily {
    @Override
    public ModelSpec parse(SpecHeader header, Params params) {
        LayerDefaults defaults = LayerDefaults.parse(params, "relu", "relu");
        List<Integer> convs = params.integers("convs-per-block", null, 1, 64);
        List<Integer> filters = params.integers("filters", null, 1, 1 << 16);
        if (convs == null || filters == null) {
            throw new UsageException(params.key(convs == null ? "convs-per-block" : "filters") + ": missing (required for a vgg model)");
        }
        if (convs.size() != filters.size()) {
            throw new UsageException(params.key("filters") + ": has " + filters.size() + " entries but "
                + params.key("convs-per-block") + " has " + convs.size() + "; give one filter count per block");
        }
        int kernel = params.integer("kernel", 3, 1, 15);
        boolean batchNorm = params.bool("batch-norm", true);
        List<Integer> dense = params.integers("dense", List.of(256), 1, 1 << 20);
        double dropout = params.number("dropout", 0.5, 0, 0.99);
        List<LayerSpec> layers = new ArrayList<>();
        for (int block = 0; block < convs.size(); block++) {
            String key = params.key("filters") + "[" + block + "]";
            for (int c = 0; c < convs.get(block); c++) {
                layers.add(new Conv2d(key, filters.get(block), new int[] {kernel, kernel}, new int[] {1, 1}, Spatial.SAME, null));
                if (batchNorm) {
                    layers.add(new BatchNorm(params.key("batch-norm")));
                }
            }
            layers.add(new Pool2d(key, true, new int[] {2, 2}, new int[] {2, 2}, Spatial.SAME, true));
        }
        for (int i = 0; i < dense.size(); i++) {
            if (dropout > 0) {
                layers.add(new Dropout(params.key("dropout"), dropout));
            }
            layers.add(new Dense(params.key("dense") + "[" + i + "]", dense.get(i), null));
        }
        return new SequentialSpec(header, layers, defaults);
    }
}

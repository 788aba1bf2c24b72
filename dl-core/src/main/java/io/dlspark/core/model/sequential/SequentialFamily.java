package io.dlspark.core.model.sequential;

import io.dlspark.core.config.Params;
import io.dlspark.core.model.ModelFamily;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.SpecHeader;

/**
 * {@code kind = sequential}: an explicit {@code layers} list (see {@link LayerParser}) plus the model-wide
 * {@code activation} (default relu), {@code weight-init} (default relu, He), {@code l1} and {@code l2}.
 */
public final class SequentialFamily implements ModelFamily {
    @Override
    public ModelSpec parse(SpecHeader header, Params params) {
        LayerDefaults defaults = LayerDefaults.parse(params, "relu", "relu");
        return new SequentialSpec(header, LayerParser.parse(params, "layers"), defaults);
    }
}

package io.dlspark.core.model.yolo;

import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;
import io.dlspark.core.model.ModelFamily;
import io.dlspark.core.model.SpecHeader;
import io.dlspark.core.model.sequential.LayerDefaults;
import io.dlspark.core.model.sequential.LayerParser;

/**
 * {@code kind = yolo}: a backbone {@code layers} list (conv2d, pool2d, batch-norm), {@code anchors} (how many anchor
 * boxes to fit to the training boxes, default 3), {@code lambda-coord} (default 5), {@code lambda-no-object}
 * (default 0.5), {@code objectness-prior} (the untrained objectness, default 0.01, at most 0.5), {@code class-loss}
 * (xent or l2, default xent), {@code head-weight-std} (the 1x1 convolution's initial weight spread, default 0.01;
 * 0 keeps the model-wide weight-init), the model-wide {@code activation} (default leakyrelu) and {@code weight-init}.
 */
public final class YoloFamily implements ModelFamily {
    @Override
    public YoloSpec parse(SpecHeader header, Params params) {
        LayerDefaults defaults = LayerDefaults.parse(params, "leakyrelu", "relu");
        return new YoloSpec(header, LayerParser.parse(params, "layers"), defaults, params.integer("anchors", 3, 1, 16),
            params.number("lambda-coord", 5, 0, 1000), params.number("lambda-no-object", 0.5, 0, 1000),
            params.number("objectness-prior", YoloSpec.DEFAULT_OBJECTNESS_PRIOR, 1e-6, 0.5), classLoss(params),
            params.number("head-weight-std", YoloSpec.DEFAULT_HEAD_WEIGHT_STD, 0, 1));
    }

    private static YoloSpec.ClassLoss classLoss(Params params) {
        String value = params.string("class-loss", "xent");
        return switch (value) {
            case "xent" -> YoloSpec.ClassLoss.XENT;
            case "l2" -> YoloSpec.ClassLoss.L2;
            default -> throw new UsageException(params.key("class-loss") + ": expected xent or l2, got '" + value + "'");
        };
    }
}

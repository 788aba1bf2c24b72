package io.dlspark.core.model.sequential;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;

/** Batch normalisation, per channel on images and per unit on vectors. */
public record BatchNorm(String key) implements LayerSpec {
    @Override
    public String type() {
        return "batch-norm";
    }

    @Override
    public Shape output(Shape in) {
        if (in.form() == Shape.Form.SEQUENCE) {
            Spatial.require(key, type(), in, Shape.Form.IMAGE, " or flat input");
        }
        return in;
    }

    @Override
    public Layer toLayer(Shape in, LayerDefaults defaults) {
        return new BatchNormalization.Builder().build();
    }

    @Override
    public long forwardFlops(Shape in, Shape out) {
        return 4L * in.size();
    }
}

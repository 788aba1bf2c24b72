package io.dlspark.core.model.sequential;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.Activation;

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
        // identity: DL4J M2.1 never applies a batch-norm activation, so the configuration says so
        return new BatchNormalization.Builder().activation(Activation.IDENTITY).build();
    }

    @Override
    public long forwardFlops(Shape in, Shape out) {
        return 4L * in.size();
    }
}

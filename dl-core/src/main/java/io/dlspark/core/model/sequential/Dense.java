package io.dlspark.core.model.sequential;

import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.Activation;

/** A fully connected layer of {@code size} units; image input is flattened first. */
public record Dense(String key, int size, Activation activation) implements LayerSpec {
    @Override
    public String type() {
        return "dense";
    }

    @Override
    public Shape output(Shape in) {
        if (in.form() == Shape.Form.SEQUENCE) {
            Spatial.require(key, type(), in, Shape.Form.FLAT, " (add a global-pool layer before it)");
        }
        return Shape.flat(size);
    }

    @Override
    public Layer toLayer(Shape in, LayerDefaults defaults) {
        return new DenseLayer.Builder().nOut(size).activation(activation != null ? activation : defaults.activation()).build();
    }

    @Override
    public long forwardFlops(Shape in, Shape out) {
        return 2L * in.size() * size;
    }
}

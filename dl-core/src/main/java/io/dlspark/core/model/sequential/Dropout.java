package io.dlspark.core.model.sequential;

import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;

/** Drops each activation with probability {@code rate} during training (DL4J takes the keep probability). */
public record Dropout(String key, double rate) implements LayerSpec {
    @Override
    public String type() {
        return "dropout";
    }

    @Override
    public Shape output(Shape in) {
        return in;
    }

    @Override
    public Layer toLayer(Shape in, LayerDefaults defaults) {
        return new DropoutLayer.Builder(1.0 - rate).build();
    }

    @Override
    public long forwardFlops(Shape in, Shape out) {
        return in.size();
    }
}

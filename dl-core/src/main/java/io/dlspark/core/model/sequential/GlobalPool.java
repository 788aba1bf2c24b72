package io.dlspark.core.model.sequential;

import io.dlspark.core.UsageException;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;

/** Max or average over all positions of an image or sequence, per channel. */
public record GlobalPool(String key, boolean max) implements LayerSpec {
    @Override
    public String type() {
        return max ? "global-max-pool" : "global-avg-pool";
    }

    @Override
    public Shape output(Shape in) {
        if (in.form() == Shape.Form.FLAT) {
            throw new UsageException(key + ": a global-pool layer needs image or sequence input, got flat " + in);
        }
        return Shape.flat(in.channels());
    }

    @Override
    public Layer toLayer(Shape in, LayerDefaults defaults) {
        return new GlobalPoolingLayer.Builder(max ? PoolingType.MAX : PoolingType.AVG).build();
    }

    @Override
    public long forwardFlops(Shape in, Shape out) {
        return in.size();
    }
}

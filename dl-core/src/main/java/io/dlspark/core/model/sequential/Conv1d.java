package io.dlspark.core.model.sequential;

import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.Activation;

/** A 1D convolution over a sequence; {@code padding} is a number of steps or {@link Spatial#SAME}. */
public record Conv1d(String key, int filters, int kernel, int stride, int padding, Activation activation)
    implements LayerSpec {
    @Override
    public String type() {
        return "conv1d";
    }

    @Override
    public Shape output(Shape in) {
        Spatial.require(key, type(), in, Shape.Form.SEQUENCE, "");
        return Shape.sequence(filters, Spatial.out(key, kernel, stride, padding, in.width(), "length " + in.width()));
    }

    @Override
    public Layer toLayer(Shape in, LayerDefaults defaults) {
        return new Convolution1DLayer.Builder().kernelSize(kernel).stride(stride).padding(Spatial.explicitPadding(padding))
            .convolutionMode(Spatial.mode(padding)).nOut(filters)
            .activation(activation != null ? activation : defaults.activation()).build();
    }

    @Override
    public long forwardFlops(Shape in, Shape out) {
        return 2L * kernel * in.channels() * out.size();
    }
}

package io.dlspark.core.model.sequential;

import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.Activation;

/** A 2D convolution; {@code padding} is a number of pixels or {@link Spatial#SAME}. */
public record Conv2d(String key, int filters, int[] kernel, int[] stride, int padding, Activation activation)
    implements LayerSpec {
    @Override
    public String type() {
        return "conv2d";
    }

    @Override
    public Shape output(Shape in) {
        Spatial.require(key, type(), in, Shape.Form.IMAGE, "");
        String text = in.height() + "x" + in.width();
        return Shape.image(filters, Spatial.out(key, kernel[0], stride[0], padding, in.height(), text),
            Spatial.out(key, kernel[1], stride[1], padding, in.width(), text));
    }

    @Override
    public Layer toLayer(Shape in, LayerDefaults defaults) {
        int pad = Spatial.explicitPadding(padding);
        return new ConvolutionLayer.Builder(kernel[0], kernel[1]).nOut(filters).stride(stride[0], stride[1])
            .padding(pad, pad).convolutionMode(Spatial.mode(padding))
            .activation(activation != null ? activation : defaults.activation()).build();
    }

    @Override
    public long forwardFlops(Shape in, Shape out) {
        return 2L * kernel[0] * kernel[1] * in.channels() * out.size();
    }
}

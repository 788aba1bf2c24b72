package io.dlspark.core.model.sequential;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/**
 * 2D max or average pooling. With {@code adaptive}, the layer is left out when the input is smaller than the
 * kernel, so that one spec (such as VGG's five pooling stages) scales down to small inputs.
 */
public record Pool2d(String key, boolean max, int[] kernel, int[] stride, int padding, boolean adaptive)
    implements LayerSpec {
    @Override
    public String type() {
        return max ? "max-pool2d" : "avg-pool2d";
    }

    @Override
    public boolean skippedFor(Shape in) {
        return adaptive && (in.height() < kernel[0] || in.width() < kernel[1]);
    }

    @Override
    public Shape output(Shape in) {
        Spatial.require(key, "pool2d", in, Shape.Form.IMAGE, "");
        String text = in.height() + "x" + in.width();
        return Shape.image(in.channels(), Spatial.out(key, kernel[0], stride[0], padding, in.height(), text),
            Spatial.out(key, kernel[1], stride[1], padding, in.width(), text));
    }

    @Override
    public Layer toLayer(Shape in, LayerDefaults defaults) {
        int pad = Spatial.explicitPadding(padding);
        return new SubsamplingLayer.Builder(max ? SubsamplingLayer.PoolingType.MAX : SubsamplingLayer.PoolingType.AVG)
            .kernelSize(kernel[0], kernel[1]).stride(stride[0], stride[1]).padding(pad, pad)
            .convolutionMode(Spatial.mode(padding)).build();
    }

    @Override
    public long forwardFlops(Shape in, Shape out) {
        return (long) kernel[0] * kernel[1] * out.size();
    }
}

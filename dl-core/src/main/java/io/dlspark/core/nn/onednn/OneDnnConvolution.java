package io.dlspark.core.nn.onednn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.Arrays;

/**
 * DL4J's convolution layer with {@link MKLDNNConvHelper} installed when oneDNN is available and DL4J chose no helper
 * itself (a cuDNN helper is kept).
 */
final class OneDnnConvolution extends ConvolutionLayer {

    OneDnnConvolution(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        if (helper == null && OneDnn.available() && !dilated(layerConf())) {
            helper = new MKLDNNConvHelper(dataType);
        }
    }

    /** Whether the oneDNN helper is installed and has not failed over to the im2col path. */
    boolean oneDnnInEffect() {
        return helper instanceof MKLDNNConvHelper && helperCountFail == 0;
    }

    private static boolean dilated(org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf) {
        return Arrays.stream(conf.getDilation()).anyMatch(d -> d != 1);
    }
}

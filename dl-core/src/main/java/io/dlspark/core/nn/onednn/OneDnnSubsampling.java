package io.dlspark.core.nn.onednn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * DL4J's subsampling layer with {@link MKLDNNSubsamplingHelper} installed when oneDNN is available and DL4J chose
 * no helper itself (a cuDNN helper on CUDA is kept).
 */
final class OneDnnSubsampling extends SubsamplingLayer {

    OneDnnSubsampling(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        if (helper == null && OneDnn.available()) {
            helper = new MKLDNNSubsamplingHelper(dataType);
        }
    }

    /** Whether the oneDNN helper is installed and has not failed over to the built-in path. */
    boolean oneDnnInEffect() {
        return helper instanceof MKLDNNSubsamplingHelper && helperCountFail == 0;
    }
}

package org.deeplearning4j.nn.layers.normalization;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * DL4J's batch-normalisation layer with a given helper installed when DL4J chose none. It lives in DL4J's package
 * because M2.1 keeps the layer's {@code helper} field package-private (dlspark's oneDNN engagement uses it).
 */
public class BatchNormalizationWithHelper extends BatchNormalization {

    public BatchNormalizationWithHelper(NeuralNetConfiguration conf, DataType dataType, BatchNormalizationHelper helper) {
        super(conf, dataType);
        if (this.helper == null && helper != null) {
            this.helper = helper;
        }
    }

    /** Whether a helper is installed and has not failed over to the built-in path. */
    public boolean helperInEffect() {
        return helper != null && helperCountFail == 0;
    }
}

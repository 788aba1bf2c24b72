package io.dlspark.core.model.transformer.blocks;

import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * Layer normalisation of each position of a sequence {@code [batch, size, length]} over its {@code size} features,
 * with a learned gain (initially 1) and bias (initially 0), by SameDiff's {@code layerNorm}.
 */
public class LayerNorm extends SequenceLayer {
    static final String GAIN = "g";
    static final String BIAS = "b";

    /** For JSON deserialisation. */
    public LayerNorm() {
    }

    public LayerNorm(long size) {
        super(size);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        return Blocks.exactGradient(sd, sd.nn.layerNorm(input, params.get(GAIN), params.get(BIAS), true, 1));
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(GAIN, size);
        params.addBiasParam(BIAS, size);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get(GAIN).assign(1);
        params.get(BIAS).assign(0);
    }
}

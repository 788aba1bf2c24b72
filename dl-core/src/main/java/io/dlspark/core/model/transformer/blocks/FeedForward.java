package io.dlspark.core.model.transformer.blocks;

import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;
import java.util.Objects;

/**
 * The position-wise feed-forward block of a transformer: each position of {@code [batch, size, length]} goes through
 * a dense layer of {@code inner} units with GELU and a dense layer back to {@code size}.
 */
public class FeedForward extends SequenceLayer {
    static final String W1 = "W1";
    static final String B1 = "b1";
    static final String W2 = "W2";
    static final String B2 = "b2";
    private static final double GELU_CUBIC = 0.044715;

    private long inner;

    /** For JSON deserialisation. */
    public FeedForward() {
    }

    public FeedForward(long size, long inner) {
        super(size);
        this.inner = inner;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        // one row per position: [batch, size, length] -> [batch * length, size]
        SDVariable rows = sd.reshape(sd.permute(input, 0, 2, 1), -1, size);
        SDVariable hidden = gelu(sd, rows.mmul(params.get(W1)).add(params.get(B1)));
        SDVariable out = hidden.mmul(params.get(W2)).add(params.get(B2));
        return Blocks.exactGradient(sd, sd.permute(sd.reshape(out, -1, length, size), 0, 2, 1));
    }

    /**
     * GELU, tanh approximation (as in BERT): 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))), from elementary ops,
     * whose gradients are exact; ND4J's fused {@code precise_gelu} back-propagates an approximate derivative.
     */
    static SDVariable gelu(SameDiff sd, SDVariable x) {
        SDVariable inner = x.add(sd.math.pow(x, 3).mul(GELU_CUBIC)).mul(Math.sqrt(2 / Math.PI));
        return x.mul(0.5).mul(sd.math.tanh(inner).add(1.0));
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(W1, size, inner);
        params.addBiasParam(B1, inner);
        params.addWeightParam(W2, inner, size);
        params.addBiasParam(B2, size);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        Init.xavier(params.get(W1), size, inner);
        params.get(B1).assign(0);
        Init.xavier(params.get(W2), inner, size);
        params.get(B2).assign(0);
    }

    public long getInner() {
        return inner;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeedForward f && super.equals(o) && inner == f.inner;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), inner);
    }
}

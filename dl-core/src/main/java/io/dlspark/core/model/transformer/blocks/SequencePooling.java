package io.dlspark.core.model.transformer.blocks;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;
import java.util.Objects;

/**
 * Pools a sequence {@code [batch, size, length]} to {@code [batch, size]}: the first position ({@code [CLS]}), or the
 * mean over the positions that the {@link PaddingMask} (the second input) keeps.
 */
public class SequencePooling extends BlockVertex {
    static final String INPUT = "x";
    static final String MASK = "mask";

    private boolean mean;

    /** For JSON deserialisation. */
    public SequencePooling() {
    }

    /** Mean pooling over non-padded positions when {@code mean}, else the first position. */
    public SequencePooling(boolean mean) {
        this.mean = mean;
    }

    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> inputs, Map<String, SDVariable> params,
                                   Map<String, SDVariable> masks) {
        SDVariable x = inputs.get(INPUT);
        if (!mean) {
            return Blocks.exactGradient(sd, x.get(SDIndex.all(), SDIndex.all(), SDIndex.point(0)));
        }
        SDVariable mask = Blocks.constant(sd, inputs.get(MASK));
        SDVariable sum = x.mul(sd.expandDims(mask, 1)).sum(2);
        // an all-padding sequence pools to zeros rather than dividing by zero
        SDVariable count = sd.math.max(mask.sum(true, 1), sd.onesLike(mask.sum(true, 1)));
        return Blocks.exactGradient(sd, sum.div(count));
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.clear();
        if (mean) {
            params.defineInputs(INPUT, MASK);
        } else {
            params.defineInputs(INPUT);
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        // no parameters
    }

    @Override
    public int minVertexInputs() {
        return mean ? 2 : 1;
    }

    @Override
    public int maxVertexInputs() {
        return minVertexInputs();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... inputs) {
        return InputType.feedForward(Blocks.sequence(inputs[0], this).getSize());
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                            int minibatchSize) {
        return new Pair<>(null, currentMaskState);
    }

    @Override
    public SequencePooling clone() {
        return new SequencePooling(mean);
    }

    public boolean isMean() {
        return mean;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequencePooling p && super.equals(o) && mean == p.mean;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), mean);
    }
}

package io.dlspark.core.model.transformer.blocks;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Objects;

/**
 * Adds a learned position embedding to a sequence {@code [batch, size, length]}: a table of {@code maxLength}
 * positions, of which a sequence of {@code length} uses the first {@code length}.
 */
public class PositionEmbedding extends SequenceLayer {
    static final String TABLE = "P";
    static final double INIT_STD = 0.02;

    private int maxLength;

    /** For JSON deserialisation. */
    public PositionEmbedding() {
    }

    public PositionEmbedding(long size, int maxLength) {
        super(size);
        this.maxLength = maxLength;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        SDVariable table = params.get(TABLE);
        SDVariable used = length == maxLength ? table : table.get(SDIndex.all(), SDIndex.interval(0L, length));
        return Blocks.exactGradient(sd, input.add(sd.reshape(used, 1, size, length)));
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(TABLE, size, maxLength);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray table = params.get(TABLE);
        table.assign(Nd4j.randn(table.dataType(), table.shape()).muli(INIT_STD));
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        super.setNIn(inputType, override);
        if (length < 1 || length > maxLength) {
            throw new IllegalArgumentException("layer " + getLayerName() + ": sequence length " + length
                + " is not in 1.." + maxLength + " (the position table's size)");
        }
    }

    public int getMaxLength() {
        return maxLength;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PositionEmbedding p && super.equals(o) && maxLength == p.maxLength;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), maxLength);
    }
}

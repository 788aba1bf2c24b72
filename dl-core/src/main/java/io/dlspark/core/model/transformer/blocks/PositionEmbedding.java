package io.dlspark.core.model.transformer.blocks;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InputType.InputTypeRecurrent;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
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
public class PositionEmbedding extends SameDiffLayer {
    static final String TABLE = "P";
    static final double INIT_STD = 0.02;

    private long size;
    private int maxLength;
    private int length;

    /** For JSON deserialisation. */
    public PositionEmbedding() {
    }

    public PositionEmbedding(long size, int maxLength) {
        this.size = size;
        this.maxLength = maxLength;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        SDVariable table = params.get(TABLE);
        SDVariable used = length == maxLength ? table : table.get(SDIndex.all(), SDIndex.interval(0, length));
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
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.recurrent(size, Blocks.sequence(inputType, this).getTimeSeriesLength());
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        InputTypeRecurrent in = Blocks.sequence(inputType, this);
        if (size <= 0 || override) {
            size = in.getSize();
        }
        length = (int) in.getTimeSeriesLength();
        if (length < 1 || length > maxLength) {
            throw new IllegalArgumentException("layer " + getLayerName() + ": sequence length " + length
                + " is not in 1.." + maxLength + " (the position table's size)");
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    public long getSize() {
        return size;
    }

    public int getMaxLength() {
        return maxLength;
    }

    public int getLength() {
        return length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PositionEmbedding p && super.equals(o) && size == p.size && maxLength == p.maxLength
            && length == p.length;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), size, maxLength, length);
    }
}

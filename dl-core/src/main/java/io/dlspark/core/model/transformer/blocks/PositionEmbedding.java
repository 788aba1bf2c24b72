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
 * positions, of which a sequence of {@code length} uses the first {@code length}; with a {@code window}, the sequence
 * is consecutive windows of that many positions, each numbered from 0.
 */
public class PositionEmbedding extends SequenceLayer {
    static final String TABLE = "P";
    static final double INIT_STD = 0.02;

    private int maxLength;
    /** Positions per window; 0: the whole sequence is one window. */
    private long window;

    /** For JSON deserialisation. */
    public PositionEmbedding() {
    }

    public PositionEmbedding(long size, int maxLength) {
        this(size, maxLength, 0);
    }

    /** Positions numbered from 0 in each window of {@code window} positions (0: over the whole sequence). */
    public PositionEmbedding(long size, int maxLength, long window) {
        super(size);
        this.maxLength = maxLength;
        this.window = window;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        SDVariable table = params.get(TABLE);
        long span = span();
        SDVariable used = span == maxLength ? table : table.get(SDIndex.all(), SDIndex.interval(0L, span));
        if (span == length) {
            return Blocks.exactGradient(sd, input.add(sd.reshape(used, 1, size, length)));
        }
        SDVariable windows = sd.reshape(input, -1, size, length / span, span).add(sd.reshape(used, 1, size, 1, span));
        return Blocks.exactGradient(sd, sd.reshape(windows, -1, size, length));
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
        if (span() < 1 || span() > maxLength) {
            throw new IllegalArgumentException("layer " + getLayerName() + ": sequence length " + span()
                + " is not in 1.." + maxLength + " (the position table's size)");
        }
        if (length % span() != 0) {
            throw new IllegalArgumentException("layer " + getLayerName() + ": a sequence of " + length
                + " is not whole windows of " + window);
        }
    }

    /** Positions numbered from 0 before the numbering starts again. */
    private long span() {
        return window > 0 ? window : length;
    }

    public long getWindow() {
        return window;
    }

    public int getMaxLength() {
        return maxLength;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PositionEmbedding p && super.equals(o) && maxLength == p.maxLength && window == p.window;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), maxLength, window);
    }
}

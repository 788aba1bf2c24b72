package io.dlspark.core.model.transformer.blocks;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InputType.InputTypeRecurrent;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;

import java.util.Objects;

/** A SameDiff layer that maps a sequence {@code [batch, size, length]} to a sequence of the same shape. */
public abstract class SequenceLayer extends SameDiffLayer {
    protected long size;
    protected long length;

    /** For JSON deserialisation. */
    protected SequenceLayer() {
    }

    protected SequenceLayer(long size) {
        this.size = size;
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
        length = in.getTimeSeriesLength();
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    public long getSize() {
        return size;
    }

    public long getLength() {
        return length;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && super.equals(o) && size == ((SequenceLayer) o).size
            && length == ((SequenceLayer) o).length;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), size, length);
    }
}

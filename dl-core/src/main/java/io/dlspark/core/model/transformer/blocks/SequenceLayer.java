package io.dlspark.core.model.transformer.blocks;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InputType.InputTypeRecurrent;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Objects;

/**
 * A SameDiff layer that maps a sequence {@code [batch, size, length]} to a sequence of the same shape, instantiated
 * as a {@link QuietSameDiffLayer}.
 */
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

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray view, boolean initialize, DataType dataType) {
        QuietSameDiffLayer layer = new QuietSameDiffLayer(conf, dataType);
        layer.setIndex(index);
        layer.setParamsViewArray(view);
        layer.setParamTable(initializer().init(conf, view, initialize));
        layer.setConf(conf);
        return layer;
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

package io.dlspark.core.model.transformer.blocks;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The padding mask of a batch of token ids, {@code [batch, length]}: 1 where the id is not 0, else 0. It passes no
 * gradient back, as DL4J requires of every consumer of the token input beside the (gradient-free) embedding layer.
 */
public class PaddingMask extends GraphVertex {

    @Override
    public PaddingMask clone() {
        return new PaddingMask();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PaddingMask;
    }

    @Override
    public int hashCode() {
        return PaddingMask.class.hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int index,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType dataType) {
        return new PaddingMaskVertex(graph, name, index, dataType);
    }

    /** Token ids of a sequence of known length give a mask of one value per position. */
    @Override
    public InputType getOutputType(int layerIndex, InputType... inputs) {
        if (inputs.length != 1 || !(inputs[0] instanceof InputType.InputTypeRecurrent r) || r.getTimeSeriesLength() < 1) {
            throw new IllegalArgumentException("padding mask: needs token ids [batch, length] of known length, got "
                + java.util.Arrays.toString(inputs));
        }
        return InputType.feedForward(r.getTimeSeriesLength());
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputs) {
        InputType out = getOutputType(-1, inputs);
        return new LayerMemoryReport.Builder(null, PaddingMask.class, inputs[0], out).standardMemory(0, 0)
            .workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }
}

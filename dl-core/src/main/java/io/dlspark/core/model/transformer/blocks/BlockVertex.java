package io.dlspark.core.model.transformer.blocks;

import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A SameDiff vertex of the transformer blocks, instantiated as a {@link QuietSameDiffVertex}. */
public abstract class BlockVertex extends SameDiffVertex {
    @Override
    public GraphVertex instantiate(ComputationGraph graph, String name, int index, INDArray params, boolean initialize,
                                   DataType dataType) {
        setName(name);
        return new QuietSameDiffVertex(this, graph, name, index, params, initialize, dataType);
    }
}

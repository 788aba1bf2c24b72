package io.dlspark.core.model.transformer.blocks;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The running form of {@link PaddingMask}. */
final class PaddingMaskVertex extends BaseGraphVertex {

    PaddingMaskVertex(ComputationGraph graph, String name, int index, DataType dataType) {
        super(graph, name, index, (VertexIndices[]) null, (VertexIndices[]) null, dataType);
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray ids = inputs[0];
        INDArray rows = ids.rank() == 3 ? ids.reshape(ids.size(0), ids.size(2)) : ids;
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, rows.neq(0.0).castTo(dataType));
    }

    /** No gradient reaches token ids. */
    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        return new Pair<>(new DefaultGradient(), new INDArray[] {null});
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("the padding mask has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                           int minibatchSize) {
        return new Pair<>(null, currentMaskState);
    }

    @Override
    public String toString() {
        return "PaddingMaskVertex(" + vertexName + ")";
    }
}

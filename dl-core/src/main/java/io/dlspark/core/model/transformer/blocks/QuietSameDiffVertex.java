package io.dlspark.core.model.transformer.blocks;

import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.samediff.SameDiffGraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's SameDiff graph vertex whose gradient function is built by {@link QuietGradients} and which drops its sessions
 * after every pass ({@link ThreadSessions}).
 */
class QuietSameDiffVertex extends SameDiffGraphVertex {
    QuietSameDiffVertex(SameDiffVertex config, ComputationGraph graph, String name, int index, INDArray params,
                        boolean initialize, DataType dataType) {
        super(config, graph, name, index, params, initialize, dataType);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        try {
            return super.doForward(training, workspaceMgr);
        } finally {
            ThreadSessions.dropAll(sameDiff);
        }
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (sameDiff == null) {
            doInit();
        }
        QuietGradients.create(sameDiff, config.getVertexParams().getInputs().toArray(new String[0]));
        try {
            return super.doBackward(tbptt, workspaceMgr);
        } finally {
            ThreadSessions.dropAll(sameDiff);
        }
    }
}

package io.dlspark.core.model.transformer.blocks;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's SameDiff layer whose gradient function is built by {@link QuietGradients} and which drops its sessions after
 * every pass ({@link ThreadSessions}).
 */
class QuietSameDiffLayer extends SameDiffLayer {
    QuietSameDiffLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        try {
            return super.activate(training, workspaceMgr);
        } finally {
            ThreadSessions.dropAll(sameDiff);
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (sameDiff == null) {
            doInit();
        }
        QuietGradients.create(sameDiff, INPUT_KEY);
        try {
            return super.backpropGradient(epsilon, workspaceMgr);
        } finally {
            ThreadSessions.dropAll(sameDiff);
        }
    }
}

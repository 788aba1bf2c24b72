package io.dlspark.core.model.transformer.blocks;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffOutputLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;

import java.util.List;
import java.util.Map;

/**
 * The network's instance of a {@link MaskedLmHead}, scored as DL4J's own output layers are: M2.1 divides the
 * regularisation term by the minibatch size along with a SameDiff output layer's loss, and counts no regularisation
 * of that layer's parameters. Its gradient function is built by {@link QuietGradients}, and it keeps the sessions of
 * the thread running it only ({@link ThreadSessions}).
 */
public class MaskedLmHeadLayer extends SameDiffOutputLayer {
    public MaskedLmHeadLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        ThreadSessions.keepCurrentThreadOnly(sameDiff);
        return super.activate(training, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (sameDiff == null) {
            doInit();
        }
        QuietGradients.create(sameDiff, INPUT_KEY);
        return super.backpropGradient(epsilon, workspaceMgr);
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        return super.computeScore(0, training, workspaceMgr) + fullNetRegTerm;
    }

    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        double score = 0;
        for (Map.Entry<String, INDArray> param : paramTable().entrySet()) {
            List<Regularization> regularizations = layerConf().getRegularizationByParam(param.getKey());
            if (regularizations != null) {
                for (Regularization r : regularizations) {
                    score += r.score(param.getValue(), getIterationCount(), getEpochCount());
                }
            }
        }
        return score;
    }
}

package io.dlspark.core.gen;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Training a {@link MultiLayerNetwork} from an error signal computed outside it (DL4J's "external errors"): the
 * gradient of a loss with respect to the network's output comes from another network (a discriminator, a decoder)
 * and is back-propagated here, then applied through the network's own updater exactly as {@code fit} would.
 */
final class ExternalErrors {
    private ExternalErrors() {
    }

    /** A training-mode forward pass that keeps the layer inputs for {@link #backward}; returns the output. */
    static INDArray forward(MultiLayerNetwork net, INDArray input) {
        net.setInput(input);
        List<INDArray> activations = net.feedForward(true, false);
        return activations.get(activations.size() - 1);
    }

    /**
     * Back-propagates {@code outputError} (the loss gradient with respect to the output of the last
     * {@link #forward}, summed over the minibatch, not averaged) and applies one updater step.
     */
    static void backward(MultiLayerNetwork net, INDArray outputError, int batchSize) {
        Pair<Gradient, INDArray> result = net.backpropGradient(outputError, LayerWorkspaceMgr.noWorkspaces());
        apply(net, result.getFirst(), batchSize);
    }

    /** Applies one updater step for {@code gradient} (sums over the minibatch) and advances the iteration counter. */
    static void apply(MultiLayerNetwork net, Gradient gradient, int batchSize) {
        int iteration = net.getIterationCount();
        net.getUpdater().update(net, gradient, iteration, net.getEpochCount(), batchSize, LayerWorkspaceMgr.noWorkspaces());
        net.params().subi(net.getGradientsViewArray().reshape(net.params().shape()));
        net.setIterationCount(iteration + 1);
        net.clearLayerMaskArrays();
    }
}

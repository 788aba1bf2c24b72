package io.dlspark.core.model;

import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A loss whose per-example mask {@code [batch, 1]} is an instance weight: example i's loss is {@code w_i} times the
 * inner loss of its unscaled output. DL4J's output layers multiply their pre-activation by the labels mask before the
 * loss sees it; this loss divides that out, so a weight scales the loss and gradient only.
 */
public final class InstanceWeightedLoss implements ILossFunction {
    private final ILossFunction inner;

    public InstanceWeightedLoss(@JsonProperty("inner") ILossFunction inner) {
        this.inner = inner;
    }

    @JsonProperty("inner")
    public ILossFunction getInner() {
        return inner;
    }

    /**
     * Makes the output layer of an initialised {@code net} weigh examples by the labels mask (in its configuration
     * too, so copies built from its JSON do the same); a network whose output layer is already weighted is left alone.
     */
    public static void weighOutput(NeuralNetwork net) {
        if (net instanceof MultiLayerNetwork mln) {
            int last = mln.getnLayers() - 1;
            wrap(mln.getLayerWiseConfigurations().getConf(last));
            wrap(mln.getLayer(last).conf());
        } else {
            ComputationGraph graph = (ComputationGraph) net;
            for (String output : graph.getConfiguration().getNetworkOutputs()) {
                wrap(((LayerVertex) graph.getConfiguration().getVertices().get(output)).getLayerConf());
                wrap(graph.getLayer(output).conf());
            }
        }
    }

    private static void wrap(NeuralNetConfiguration conf) {
        if (!(conf.getLayer() instanceof BaseOutputLayer output)) {
            throw new IllegalArgumentException("instance weights need an output layer with a loss, not "
                + conf.getLayer().getClass().getSimpleName());
        }
        if (!(output.getLossFn() instanceof InstanceWeightedLoss)) {
            output.setLossFn(new InstanceWeightedLoss(output.getLossFn()));
        }
    }

    /** The pre-activation before the output layer multiplied it by the mask (rows of weight 0 stay 0). */
    private static INDArray unscaled(INDArray preOutput, INDArray mask) {
        if (mask == null) {
            return preOutput;
        }
        if (mask.rank() != 2 || mask.size(1) != 1 || mask.size(0) != preOutput.size(0)) {
            throw new IllegalArgumentException("instance weights are a [batch, 1] mask, got " + mask.shapeInfoToString());
        }
        INDArray divisor = mask.dup();
        BooleanIndexing.replaceWhere(divisor, 1.0, Conditions.equals(0));
        return preOutput.divColumnVector(divisor);
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        double score = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return average ? score / labels.size(0) : score;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray scores = inner.computeScoreArray(labels, unscaled(preOutput, mask), activationFn, null);
        return mask == null ? scores : scores.muliColumnVector(mask.castTo(scores.dataType()));
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray gradient = inner.computeGradient(labels, unscaled(preOutput, mask), activationFn, null);
        return mask == null ? gradient : gradient.muliColumnVector(mask.castTo(gradient.dataType()));
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
            computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "weighted " + inner.name();
    }

    @Override
    public String toString() {
        return "InstanceWeightedLoss(" + inner + ")";
    }
}

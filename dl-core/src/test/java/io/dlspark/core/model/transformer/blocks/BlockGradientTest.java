package io.dlspark.core.model.transformer.blocks;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each custom transformer block passes DL4J's gradient check in double precision: analytic gradients of every
 * parameter against central differences, inside a tiny graph ending in a mean-squared-error output.
 */
@ExtendWith(DoublePrecision.class)
class BlockGradientTest {
    private static final int BATCH = 3;
    private static final int SIZE = 4;
    private static final int LENGTH = 5;
    /** Token ids with padding (0) at the end of two of the three sequences. */
    private static final double[][] TOKENS = {{2, 5, 3, 0, 0}, {4, 4, 2, 7, 1}, {3, 6, 0, 0, 0}};

    @Test
    void layerNormPassesTheGradientCheck() {
        assertTrue(checkLayer(new LayerNorm(SIZE)));
    }

    @Test
    void feedForwardPassesTheGradientCheck() {
        assertTrue(checkLayer(new FeedForward(SIZE, 6)));
    }

    @Test
    void positionEmbeddingPassesTheGradientCheck() {
        assertTrue(checkLayer(new PositionEmbedding(SIZE, 8)));
    }

    @Test
    void maskedSelfAttentionPassesTheGradientCheck() {
        assertTrue(checkVertex(new MaskedSelfAttention(SIZE, 2), true));
    }

    @Test
    void meanPoolingPassesTheGradientCheck() {
        assertTrue(checkVertex(new SequencePooling(true), false));
    }

    @Test
    void firstPositionPoolingPassesTheGradientCheck() {
        assertTrue(checkVertex(new SequencePooling(false), false));
    }

    private static boolean checkLayer(Layer block) {
        ComputationGraphConfiguration.GraphBuilder graph = builder().addInputs("x")
            .addLayer("block", block, "x")
            .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                .activation(Activation.IDENTITY).build(), "block")
            .setOutputs("out")
            .setInputTypes(InputType.recurrent(SIZE, LENGTH));
        return check(graph.build(), new INDArray[] {features()}, sequenceLabels());
    }

    private static boolean checkVertex(GraphVertex block, boolean sequenceOut) {
        boolean masked = !(block instanceof SequencePooling p) || p.isMean();
        ComputationGraphConfiguration.GraphBuilder graph = builder().addInputs("x", "tokens").allowDisconnected(!masked);
        if (masked) {
            graph.addVertex("mask", new PaddingMask(), "tokens");
            graph.addVertex("block", block, "x", "mask");
        } else {
            graph.addVertex("block", block, "x");
        }
        graph.addLayer("out", sequenceOut
                ? new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build()
                : new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build(),
            "block")
            .setOutputs("out")
            .setInputTypes(InputType.recurrent(SIZE, LENGTH), InputType.recurrent(1, LENGTH));
        INDArray labels = sequenceOut ? sequenceLabels() : Nd4j.rand(DataType.DOUBLE, BATCH, 2);
        return check(graph.build(), new INDArray[] {features(), Nd4j.createFromArray(TOKENS)}, labels);
    }

    private static boolean check(ComputationGraphConfiguration conf, INDArray[] inputs, INDArray labels) {
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net).inputs(inputs)
            .labels(new INDArray[] {labels}).epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
    }

    private static ComputationGraphConfiguration.GraphBuilder builder() {
        // as in the transformer model: DL4J M2.1's SameDiff vertices corrupt input gradients under workspaces
        return new NeuralNetConfiguration.Builder().seed(12).dataType(DataType.DOUBLE).updater(new NoOp())
            .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE).graphBuilder();
    }

    private static INDArray features() {
        Nd4j.getRandom().setSeed(3);
        return Nd4j.randn(DataType.DOUBLE, BATCH, SIZE, LENGTH);
    }

    private static INDArray sequenceLabels() {
        Nd4j.getRandom().setSeed(4);
        return Nd4j.randn(DataType.DOUBLE, BATCH, 2, LENGTH);
    }
}

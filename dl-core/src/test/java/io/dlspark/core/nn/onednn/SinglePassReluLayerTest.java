package io.dlspark.core.nn.onednn;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.OptimizerConfig;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The engaged ReLU layer computes exactly what DL4J's activation layer computes, and only replaces plain ReLUs. */
class SinglePassReluLayerTest {

    @Test
    void everyReluOfAResidualGraphIsEngaged() {
        assumeTrue(OneDnn.available(), "the loaded ND4J native library has no oneDNN");
        ModelSpec spec = ModelCatalog.resolve("resnet8");
        ComputationGraph engaged = OneDnn.engage((ComputationGraph) spec.build(
            new ModelInput.ImageInput(new ImageShape(12, 12, 1)), 3, new OptimizerConfig("sgd", 0.1), 4));
        long relus = Arrays.stream(engaged.getLayers()).filter(l -> l instanceof SinglePassReluLayer).count();
        // after the stem, after each block's first batch norm, and after each block's sum
        assertEquals(7, relus);
    }

    @Test
    void matchesDl4jExactlyForwardAndBackwardAndLeavesTheInputAlone() {
        assumeTrue(OneDnn.available(), "the loaded ND4J native library has no oneDNN");
        MultiLayerNetwork plain = network(Activation.RELU);
        MultiLayerNetwork engaged = OneDnn.engage(plain);
        assertTrue(engaged.getLayer(1) instanceof SinglePassReluLayer);
        DataSet batch = new DataSet(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 6, 5).subi(0.5),
            Nd4j.eye(6).getColumns(0, 1, 2, 3).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        CnnFixtures.computeGradient(plain, batch);
        CnnFixtures.computeGradient(engaged, batch);
        assertEquals(plain.score(), engaged.score(), 0.0);
        assertEquals(plain.gradient().gradient(), engaged.gradient().gradient());
        assertEquals(plain.output(batch.getFeatures()), engaged.output(batch.getFeatures()));

        Layer relu = engaged.getLayer(1);
        INDArray input = Nd4j.createFromArray(new float[][] {{-1f, 2f}, {3f, -4f}});
        INDArray copy = input.dup();
        relu.setInput(input, LayerWorkspaceMgr.noWorkspaces());
        INDArray out = relu.activate(false, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(Nd4j.createFromArray(new float[][] {{0f, 2f}, {3f, 0f}}), out);
        assertEquals(copy, input, "inference leaves the input as it was");
        INDArray gradient = relu.backpropGradient(Nd4j.createFromArray(new float[][] {{5f, 6f}, {7f, 8f}}),
            LayerWorkspaceMgr.noWorkspaces()).getSecond();
        assertEquals(Nd4j.createFromArray(new float[][] {{0f, 6f}, {7f, 0f}}), gradient);
    }

    @Test
    void otherActivationsKeepDl4jsLayer() {
        assumeTrue(OneDnn.available(), "the loaded ND4J native library has no oneDNN");
        MultiLayerNetwork engaged = OneDnn.engage(network(Activation.LEAKYRELU));
        assertEquals(org.deeplearning4j.nn.layers.ActivationLayer.class, engaged.getLayer(1).getClass());
        assertEquals(EngagedActivationLayer.class, engaged.getLayerWiseConfigurations().getConf(1).getLayer().getClass());
    }

    private static MultiLayerNetwork network(Activation activation) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(0.1))
            .dataType(org.nd4j.linalg.api.buffer.DataType.FLOAT).list()
            .layer(new DenseLayer.Builder().nIn(5).nOut(7).activation(Activation.IDENTITY).build())
            .layer(new ActivationLayer.Builder().activation(activation).build())
            .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(7).nOut(4)
                .activation(Activation.SOFTMAX).build())
            .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}

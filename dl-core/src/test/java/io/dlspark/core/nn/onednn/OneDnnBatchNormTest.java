package io.dlspark.core.nn.onednn;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.NetworkKind;
import io.dlspark.core.nn.Networks;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationWithHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * DL4J M2.1's oneDNN batch-normalisation helper engages on the residual graph, computes what the built-in path
 * computes (outputs, gradients, and parameters and running statistics after an SGD step), and survives model.zip.
 */
class OneDnnBatchNormTest {
    private static final ModelInput INPUT = new ModelInput.ImageInput(new ImageShape(12, 12, 1));

    @Test
    void oneDnnBatchNormMatchesTheBuiltInPathOnAResidualGraph() {
        assumeTrue(OneDnn.available(), "the loaded ND4J native library has no oneDNN");
        ModelSpec spec = ModelCatalog.resolve("resnet8");
        ComputationGraph plain = (ComputationGraph) spec.build(INPUT, 3, new OptimizerConfig("sgd", 0.1), 4);
        ComputationGraph engaged = OneDnn.engage(plain);
        DataSet batch = CnnFixtures.batch(new long[] {8, 1, 12, 12}, 3, 11);

        Im2colEquivalenceTest.assertClose("inference output", plain.outputSingle(false, batch.getFeatures()),
            engaged.outputSingle(false, batch.getFeatures()));
        Im2colEquivalenceTest.assertClose("training output", plain.outputSingle(true, batch.getFeatures()),
            engaged.outputSingle(true, batch.getFeatures()));
        plain.setInputs(batch.getFeatures());
        plain.setLabels(batch.getLabels());
        plain.computeGradientAndScore();
        engaged.setInputs(batch.getFeatures());
        engaged.setLabels(batch.getLabels());
        engaged.computeGradientAndScore();
        assertEquals(plain.score(), engaged.score(), 1e-4 * Math.abs(plain.score()), "score");
        Map<String, INDArray> expected = plain.gradient().gradientForVariable();
        Map<String, INDArray> actual = engaged.gradient().gradientForVariable();
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((param, gradient) ->
            Im2colEquivalenceTest.assertClose("gradient " + param, gradient, actual.get(param)));

        plain.fit(batch);
        engaged.fit(batch);
        Im2colEquivalenceTest.assertClose("parameters and running statistics after one step", plain.params(), engaged.params());
        assertBatchNormOnOneDnn(engaged, 9);
    }

    @Test
    void modelZipRoundTripStaysEngaged() throws Exception {
        assumeTrue(OneDnn.available(), "the loaded ND4J native library has no oneDNN");
        ModelSpec spec = ModelCatalog.resolve("resnet8");
        ComputationGraph engaged = OneDnn.engage((ComputationGraph) spec.build(INPUT, 3, spec.optimizer(), 4));
        DataSet batch = CnnFixtures.batch(new long[] {4, 1, 12, 12}, 3, 2);
        engaged.fit(batch);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Networks.save(engaged, bytes);

        ComputationGraph restored = (ComputationGraph) Networks.load(NetworkKind.GRAPH,
            new ByteArrayInputStream(bytes.toByteArray()), "model.zip");

        LayerVertex bn = (LayerVertex) restored.getConfiguration().getVertices().get("stem-bn");
        assertEquals(OneDnnBatchNormalizationLayer.class, bn.getLayerConf().getLayer().getClass());
        assertEquals(engaged.outputSingle(false, batch.getFeatures()), restored.outputSingle(false, batch.getFeatures()));
        restored.fit(batch);
        assertBatchNormOnOneDnn(restored, 9);
    }

    @Test
    void lockedGammaAndBetaKeepTheBuiltInPath() {
        MultiLayerNetwork net = new MultiLayerNetwork(OneDnn.engage(new NeuralNetConfiguration.Builder()
            .updater(new Sgd(0.1)).list()
            .layer(new BatchNormalization.Builder().lockGammaBeta(true).build())
            .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build())
            .setInputType(InputType.convolutional(4, 4, 2)).build()));
        net.init();
        net.fit(CnnFixtures.batch(new long[] {4, 2, 4, 4}, 2, 1));
        Layer layer = net.getLayer(0);
        if (OneDnn.available()) {
            assertFalse(assertInstanceOf(BatchNormalizationWithHelper.class, layer).helperInEffect());
        } else {
            assertEquals(org.deeplearning4j.nn.layers.normalization.BatchNormalization.class, layer.getClass());
        }
    }

    /** Asserts that {@code count} batch-norm layers ran on the oneDNN helper without falling back. */
    static void assertBatchNormOnOneDnn(ComputationGraph graph, int count) {
        int engaged = 0;
        for (Layer layer : graph.getLayers()) {
            if (layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization) {
                BatchNormalizationWithHelper bn = assertInstanceOf(BatchNormalizationWithHelper.class, layer);
                assertInstanceOf(RowwiseBatchNormHelper.class, bn.getHelper());
                assertTrue(bn.helperInEffect(), layer.conf().getLayer().getLayerName());
                engaged++;
            }
        }
        assertEquals(count, engaged);
    }
}

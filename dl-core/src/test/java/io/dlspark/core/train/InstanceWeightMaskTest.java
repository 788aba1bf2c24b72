package io.dlspark.core.train;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.InstanceWeightedLoss;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Instance weights ride as DL4J's per-example labels mask, which {@link InstanceWeightedLoss} turns into loss weights. */
class InstanceWeightMaskTest {
    private static final ImageShape SHAPE = new ImageShape(1, 4, 1);
    private static final float[] WEIGHTS = {0.5f, 0f, 2f, 1f, 3.25f};

    private static PartitionData records(float[] weights, float[] targets) {
        byte[] pixels = new byte[WEIGHTS.length * SHAPE.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 37 % 251);
        }
        return new PartitionData(0, new PixelFeatures(pixels, SHAPE.size()), new int[] {0, 1, 2, 1, 0},
            new long[WEIGHTS.length], null, targets, weights);
    }

    private static MultiLayerNetwork network(int outputs, LossFunctions.LossFunction loss, Activation activation) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(0.1)).list()
            .layer(new DenseLayer.Builder().nIn(SHAPE.size()).nOut(5).activation(Activation.TANH).build())
            .layer(new OutputLayer.Builder(loss).nIn(5).nOut(outputs).activation(activation).build())
            .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void theAssemblerPutsEachRecordsWeightInTheLabelsMaskInMinibatchOrder() {
        int[] order = {4, 2, 0, 1, 3};
        DataSet batch = new MinibatchAssembler(SHAPE, 3, false).assemble(records(WEIGHTS, null), order, 1, 5);
        assertArrayEquals(new long[] {4, 1}, batch.getLabelsMaskArray().shape());
        assertArrayEquals(new float[] {2f, 0.5f, 0f, 1f}, batch.getLabelsMaskArray().toFloatVector());
        assertNull(new MinibatchAssembler(SHAPE, 3, false).assemble(records(null, null), order, 1, 5)
            .getLabelsMaskArray(), "records without weights get no mask");
    }

    @Test
    void withTheWeightedLossTheScoreIsTheHandComputedWeightedCrossEntropyOverTheMinibatch() {
        MultiLayerNetwork net = network(3, LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX);
        DataSet batch = new MinibatchAssembler(SHAPE, 3, false).assemble(records(WEIGHTS, null), AugmentedBatch.identity(5), 0, 5);
        double expected = weightedCrossEntropy(net, batch);
        assertNotEquals(expected, net.score(batch), 1e-3, "DL4J's own mask also scales the output layer's "
            + "pre-activation, so alone it is no instance weight");
        InstanceWeightedLoss.weighOutput(net);
        assertEquals(expected, net.score(batch), 1e-6, "sum of weight x loss, divided by the minibatch size");
        net.fit(batch);
        assertEquals(expected, net.score(), 1e-6, "the score fit reports is the same weighted loss, before the update");
        assertEquals(weightedCrossEntropy(net, batch), net.score(batch), 1e-6, "after the update too");
    }

    private static double weightedCrossEntropy(MultiLayerNetwork net, DataSet batch) {
        INDArray probabilities = net.output(batch.getFeatures());
        double sum = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            int label = batch.getLabels().getRow(i).argMax().getInt(0);
            sum += WEIGHTS[i] * -Math.log(probabilities.getDouble(i, label));
        }
        return sum / WEIGHTS.length;
    }

    @Test
    void withTheWeightedLossTheScoreIsTheHandComputedWeightedSquaredErrorForRegression() {
        MultiLayerNetwork net = network(1, LossFunctions.LossFunction.MSE, Activation.IDENTITY);
        InstanceWeightedLoss.weighOutput(net);
        float[] targets = {0.3f, -1f, 2f, 0f, 1.5f};
        DataSet batch = new MinibatchAssembler(SHAPE, 3, false).forRegression()
            .assemble(records(WEIGHTS, targets), AugmentedBatch.identity(5), 0, 5);
        INDArray predictions = net.output(batch.getFeatures());
        double sum = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            double error = predictions.getDouble(i, 0) - targets[i];
            sum += WEIGHTS[i] * error * error;
        }
        assertEquals(sum / WEIGHTS.length, net.score(batch), 1e-6);
    }

    @Test
    void aWeightOfTwoStepsAsTwoCopiesOfTheRecordAndAWeightOfZeroAsNoRecord() {
        MinibatchAssembler assembler = new MinibatchAssembler(SHAPE, 3, false);
        MultiLayerNetwork weighted = network(3, LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX);
        InstanceWeightedLoss.weighOutput(weighted);
        weighted.fit(assembler.assemble(records(new float[] {2f, 1f, 0f, 0f, 0f}, null), new int[] {0, 1, 2}, 0, 3));
        MultiLayerNetwork copies = network(3, LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX);
        copies.fit(assembler.assemble(records(null, null), new int[] {0, 0, 1}, 0, 3));
        assertArrayEquals(copies.params().toFloatVector(), weighted.params().toFloatVector(), 1e-6f,
            "(2 l0 + l1 + 0 l2) / 3 and (l0 + l0 + l1) / 3 have the same gradient");
    }

    @Test
    void weightsOfOneTrainToTheSameParametersAsNoWeights() {
        float[] ones = {1f, 1f, 1f, 1f, 1f};
        MultiLayerNetwork weighted = network(3, LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX);
        InstanceWeightedLoss.weighOutput(weighted);
        MultiLayerNetwork plain = network(3, LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX);
        MinibatchAssembler assembler = new MinibatchAssembler(SHAPE, 3, false);
        for (int step = 0; step < 3; step++) {
            weighted.fit(assembler.assemble(records(ones, null), AugmentedBatch.identity(5), 0, 5));
            plain.fit(assembler.assemble(records(null, null), AugmentedBatch.identity(5), 0, 5));
        }
        assertArrayEquals(plain.params().toFloatVector(), weighted.params().toFloatVector());
    }

    @Test
    void theArtifactsPlainCopyHoldsTheInnerLossAndTheSameParameters() {
        MultiLayerNetwork weighted = network(3, LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX);
        InstanceWeightedLoss.weighOutput(weighted);
        assertTrue(weighted.getLayerWiseConfigurations().toJson().contains(InstanceWeightedLoss.class.getName()));
        MultiLayerNetwork plain = (MultiLayerNetwork) io.dlspark.core.artifact.PlainNetworks.of(weighted);
        String json = plain.getLayerWiseConfigurations().toJson();
        assertFalse(json.contains(InstanceWeightedLoss.class.getName()), json);
        assertInstanceOf(org.nd4j.linalg.lossfunctions.impl.LossMCXENT.class,
            ((OutputLayer) plain.getLayerWiseConfigurations().getConf(1).getLayer()).getLossFn());
        assertArrayEquals(weighted.params().toFloatVector(), plain.params().toFloatVector());
    }
}

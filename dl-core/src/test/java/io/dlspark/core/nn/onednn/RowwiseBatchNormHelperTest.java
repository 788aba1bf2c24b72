package io.dlspark.core.nn.onednn;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationWithHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Map;

import static io.dlspark.core.nn.onednn.Im2colEquivalenceTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The row-wise batch normalisation computes what DL4J's built-in layer computes: training output, every gradient
 * (through the convolution below it, so the input gradient too), and parameters and running statistics after three
 * steps, to 1e-9 in double precision; and in float, on inputs whose mean is 20 times their spread, every gradient is
 * within 1e-4 of double precision's (measured 3.6e-5 at most; DL4J's built-in float path 1.6e-5).
 */
class RowwiseBatchNormHelperTest {

    @Test
    void matchesTheBuiltInLayerInDoublePrecision() {
        assumeTrue(OneDnn.available(), "the loaded ND4J native library has no oneDNN");
        assertSameAsBuiltIn(DataType.DOUBLE, 0.0, 1e-9);
    }

    @Test
    void floatGradientsStayCloseToDoublePrecisionWhenTheMeanIsLargeAgainstTheSpread() {
        assumeTrue(OneDnn.available(), "the loaded ND4J native library has no oneDNN");
        MultiLayerNetwork reference = new MultiLayerNetwork(config(DataType.DOUBLE));
        reference.init();
        MultiLayerNetwork engaged = new MultiLayerNetwork(OneDnn.engage(config(DataType.FLOAT)));
        engaged.init(reference.params().castTo(DataType.FLOAT), true);
        DataSet batch = batch(DataType.DOUBLE, 5.0);
        CnnFixtures.computeGradient(reference, batch);
        engaged.setInput(batch.getFeatures().castTo(DataType.FLOAT));
        engaged.setLabels(batch.getLabels().castTo(DataType.FLOAT));
        engaged.computeGradientAndScore();
        Map<String, INDArray> actual = engaged.gradient().gradientForVariable();
        reference.gradient().gradientForVariable().forEach((param, gradient) ->
            assertClose("float gradient " + param, gradient, actual.get(param).castTo(DataType.DOUBLE), 1e-4));
    }

    private static void assertSameAsBuiltIn(DataType type, double offset, double tolerance) {
        MultiLayerConfiguration conf = config(type);
        MultiLayerNetwork plain = new MultiLayerNetwork(conf);
        plain.init();
        MultiLayerNetwork engaged = new MultiLayerNetwork(OneDnn.engage(conf.clone()));
        engaged.init(plain.params().dup(), true);
        DataSet batch = batch(type, offset);

        assertClose("training output", plain.output(batch.getFeatures(), true),
            engaged.output(batch.getFeatures(), true), tolerance);
        CnnFixtures.computeGradient(plain, batch);
        CnnFixtures.computeGradient(engaged, batch);
        Map<String, INDArray> expected = plain.gradient().gradientForVariable();
        Map<String, INDArray> actual = engaged.gradient().gradientForVariable();
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((param, gradient) -> assertClose("gradient " + param, gradient, actual.get(param), tolerance));

        for (int step = 0; step < 3; step++) {
            plain.fit(batch);
            engaged.fit(batch);
        }
        assertClose("parameters and running statistics after three steps", plain.params(), engaged.params(), tolerance);
        assertClose("inference output", plain.output(batch.getFeatures()), engaged.output(batch.getFeatures()),
            tolerance);
        BatchNormalizationWithHelper bn = assertInstanceOf(BatchNormalizationWithHelper.class, engaged.getLayer(1));
        assertInstanceOf(RowwiseBatchNormHelper.class, bn.getHelper());
        assertTrue(bn.helperInEffect());
    }

    /** A 3x3 convolution without bias or activation (a bias before batch normalisation has a zero gradient), batch normalisation, ReLU and softmax on 7x6x3 images. */
    private static MultiLayerConfiguration config(DataType type) {
        return new NeuralNetConfiguration.Builder().seed(CnnFixtures.SEED).dataType(type).updater(new Sgd(0.1))
            .weightInit(WeightInit.XAVIER).list()
            .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).hasBias(false).activation(Activation.IDENTITY).build())
            .layer(new BatchNormalization.Builder().decay(0.8).build())
            .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
            .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
            .setInputType(InputType.convolutional(7, 6, 3))
            .build();
    }

    private static DataSet batch(DataType type, double offset) {
        Nd4j.getRandom().setSeed(CnnFixtures.SEED);
        INDArray features = Nd4j.rand(type, 5, 3, 7, 6).muli(0.5).addi(offset);
        INDArray labels = Nd4j.zeros(type, 5, 3);
        for (int i = 0; i < 5; i++) {
            labels.putScalar(i, i % 3, 1.0);
        }
        return new DataSet(features, labels);
    }
}

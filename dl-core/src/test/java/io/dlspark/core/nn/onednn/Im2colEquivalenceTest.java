package io.dlspark.core.nn.onednn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The oneDNN path computes what DL4J's im2col path computes: outputs, score, every parameter gradient and the
 * parameters after one SGD step agree within 1e-4 of each array's largest magnitude, in float32, with and without
 * workspaces. SGD keeps the step linear in the gradient; Adam's first step is about lr * sign(g), which would turn
 * rounding noise in near-zero gradients into full-size differences.
 */
class Im2colEquivalenceTest {
    private static final double RELATIVE_TOLERANCE = 1e-4;

    @BeforeAll
    static void requireOneDnn() {
        assumeTrue(OneDnn.available(), "the loaded ND4J native library has no oneDNN: build with an -onednn classifier");
    }

    static Stream<Arguments> networks() {
        return Stream.of(WorkspaceMode.ENABLED, WorkspaceMode.NONE).flatMap(mode -> Stream.of(
            Arguments.of("lenet", mode, CnnFixtures.lenet(mode, new Sgd(0.1)), new long[] {16, 784}, 10),
            Arguments.of("variants", mode, CnnFixtures.variants(mode, new Sgd(0.1)), new long[] {8, 3, 13, 11}, 3)));
    }

    @ParameterizedTest(name = "{0}, workspaces {1}")
    @MethodSource("networks")
    void oneDnnMatchesIm2col(String name, WorkspaceMode mode, MultiLayerConfiguration conf, long[] shape, int classes) {
        MultiLayerNetwork im2col = new MultiLayerNetwork(conf);
        im2col.init();
        MultiLayerNetwork oneDnn = OneDnn.engage(im2col);
        DataSet batch = CnnFixtures.batch(shape, classes, 7);

        assertClose("inference output", im2col.output(batch.getFeatures(), false),
            oneDnn.output(batch.getFeatures(), false));
        assertClose("training output", im2col.output(batch.getFeatures(), true),
            oneDnn.output(batch.getFeatures(), true));

        CnnFixtures.computeGradient(im2col, batch);
        CnnFixtures.computeGradient(oneDnn, batch);
        assertEquals(im2col.score(), oneDnn.score(), RELATIVE_TOLERANCE * Math.abs(im2col.score()), "score");
        Map<String, INDArray> expected = im2col.gradient().gradientForVariable();
        Map<String, INDArray> actual = oneDnn.gradient().gradientForVariable();
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((param, gradient) -> assertClose("gradient " + param, gradient, actual.get(param)));

        im2col.fit(batch);
        oneDnn.fit(batch);
        assertClose("parameters after one step", im2col.params(), oneDnn.params());
        assertOneDnnInEffect(oneDnn);
    }

    /**
     * Asserts that every convolution and pooling layer ran on its oneDNN helper without falling back, except
     * dilated convolutions, which keep the im2col path.
     */
    static void assertOneDnnInEffect(MultiLayerNetwork net) {
        int engaged = 0;
        for (Layer layer : net.getLayers()) {
            if (layer instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer) {
                OneDnnConvolution convolution = assertInstanceOf(OneDnnConvolution.class, layer);
                boolean dilated = convolution.layerConf().getDilation()[0] != 1;
                assertEquals(!dilated, convolution.oneDnnInEffect(), "layer " + layer.getIndex());
                engaged++;
            } else if (layer instanceof org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer) {
                assertTrue(assertInstanceOf(OneDnnSubsampling.class, layer).oneDnnInEffect(), "layer " + layer.getIndex());
                engaged++;
            }
        }
        assertTrue(engaged > 0, "no convolution or subsampling layer");
    }


    /** Asserts that two arrays agree within the tolerance of the expected array's largest magnitude. */
    static void assertClose(String what, INDArray expected, INDArray actual) {
        assertClose(what, expected, actual, RELATIVE_TOLERANCE);
    }

    /** Asserts that two arrays agree within {@code tolerance} of the expected array's largest magnitude. */
    static void assertClose(String what, INDArray expected, INDArray actual, double tolerance) {
        assertEquals(expected.shapeInfoToString(), actual.shapeInfoToString(), what + " shape");
        double scale = expected.amaxNumber().doubleValue();
        double difference = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(difference <= tolerance * scale, String.format(
            "%s: largest difference %.3g is more than %.0e of the largest magnitude %.3g",
            what, difference, tolerance, scale));
    }
}

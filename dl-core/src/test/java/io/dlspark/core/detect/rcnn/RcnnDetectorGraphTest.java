package io.dlspark.core.detect.rcnn;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.train.MinibatchAssembler;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A graph region classifier (a residual net's shape): its softmax and the input of its output layer score regions. */
class RcnnDetectorGraphTest {
    private static final int WARP = 8;

    @Test
    void aGraphClassifierScoresWithItsOutputAndTheVertexFeedingIt() {
        ComputationGraph graph = graph(false);
        RcnnDetector detector = new RcnnDetector(model(), graph);
        List<byte[]> crops = crops(3);
        RcnnDetector.Scores scores = detector.score(crops);
        INDArray input = new MinibatchAssembler(new ImageShape(WARP, WARP, 1), 0, true).images(crops);
        float[][] expected = graph.outputSingle(input).castTo(DataType.FLOAT).toFloatMatrix();
        float[][] pooled = graph.feedForward(input, false).get("pool").castTo(DataType.FLOAT).toFloatMatrix();
        assertEquals(3, scores.probabilities().length);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(expected[i], scores.probabilities()[i], 1e-6f);
            assertArrayEquals(pooled[i], scores.features()[i], 1e-6f);
        }
        assertEquals(4, scores.features()[0].length, "the 4 channels of the global pooling");
    }

    @Test
    void aGraphWithTwoOutputsIsRefused() {
        ComputationGraph twoOutputs = graph(true);
        assertNotNull(RcnnDetector.unfitClassifier(twoOutputs));
        assertNull(RcnnDetector.unfitClassifier(graph(false)));
        assertThrows(IllegalArgumentException.class, () -> new RcnnDetector(model(), twoOutputs));
    }

    private static RcnnModel model() {
        ProposalSettings proposals = new ProposalSettings(List.of(8), List.of(1.0), 4, 0);
        return new RcnnModel(new ImageShape(16, 16, 1), List.of("a", "b"), proposals, WARP, true,
            new BoxRegressor(new double[2][4][5]), 0.05, 0.3);
    }

    private static ComputationGraph graph(boolean twoOutputs) {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(7).graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.convolutional(WARP, WARP, 1))
            .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(), "in")
            .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv")
            .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                .activation(Activation.SOFTMAX).build(), "pool");
        if (twoOutputs) {
            b.addLayer("out2", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
                .activation(Activation.IDENTITY).build(), "pool").setOutputs("out", "out2");
        } else {
            b.setOutputs("out");
        }
        ComputationGraph graph = new ComputationGraph(b.build());
        graph.init();
        return graph;
    }

    private static List<byte[]> crops(int n) {
        Random random = new Random(3);
        List<byte[]> crops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] crop = new byte[WARP * WARP];
            random.nextBytes(crop);
            crops.add(crop);
        }
        return crops;
    }
}

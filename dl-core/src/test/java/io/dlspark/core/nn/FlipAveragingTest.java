package io.dlspark.core.nn;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.eval.PartitionEvaluation;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.PartitionData;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Horizontal-flip test-time augmentation: the blueprint's flip-averaged network outputs the mean of the plain
 * network's softmax for an image and its mirror, so an image and its mirror get the same prediction.
 */
class FlipAveragingTest {
    private static final ImageShape SHAPE = new ImageShape(8, 6, 1);

    @Test
    void mirrorReversesEachRow() {
        INDArray images = Nd4j.arange(2 * 3 * 4).reshape(1, 2, 3, 4).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray mirrored = FlipAveraging.mirror(images);
        assertArrayEquals(new float[] {3, 2, 1, 0}, mirrored.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
            org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(0),
            org.nd4j.linalg.indexing.NDArrayIndex.all()).toFloatVector());
        assertEquals(images, FlipAveraging.mirror(mirrored));
        assertThrows(IllegalArgumentException.class, () -> FlipAveraging.mirror(Nd4j.zeros(2, 3)));
    }

    @Test
    void flipAveragedOutputIsTheMeanOfImageAndMirrorForGraphsAndMultiLayerNetworks() {
        for (String model : List.of("resnet8", "lenet")) {
            ModelSpec spec = ModelCatalog.resolve(model, model.equals("lenet")
                ? java.util.Map.of("layers.0.kernel", 3, "layers.2.kernel", 1) : java.util.Map.of());
            NeuralNetwork plain = spec.build(new ModelInput.ImageInput(SHAPE), 3, spec.optimizer(), 9);
            NeuralNetwork averaged = NetworkBlueprint.of(plain).withFlipAveraging().build();
            NetworkState.of(plain).applyTo(averaged);
            INDArray images = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 1, 8, 6);

            INDArray expected = Networks.output(plain, images).add(Networks.output(plain, FlipAveraging.mirror(images))).div(2);
            INDArray actual = Networks.output(averaged, images);

            assertTrue(expected.equalsWithEps(actual, 1e-6), model + ": " + expected + " vs " + actual);
            assertTrue(actual.equalsWithEps(Networks.output(averaged, FlipAveraging.mirror(images)), 1e-6), model);
            assertFalse(actual.equalsWithEps(Networks.output(plain, images), 1e-6), model + ": averaging changed nothing");
        }
    }

    @Test
    void evaluationWithTheFlipAveragedNetworkScoresTheAveragedPredictions() {
        ModelSpec spec = ModelCatalog.resolve("resnet8");
        NeuralNetwork plain = spec.build(new ModelInput.ImageInput(SHAPE), 3, spec.optimizer(), 2);
        NeuralNetwork averaged = NetworkBlueprint.of(plain).withFlipAveraging().build();
        NetworkState.of(plain).applyTo(averaged);
        SplittableRandom random = new SplittableRandom(4);
        int n = 40;
        byte[] pixels = new byte[n * SHAPE.size()];
        int[] labels = new int[n];
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(3);
            keys[i] = i;
            for (int p = 0; p < SHAPE.size(); p++) {
                pixels[i * SHAPE.size() + p] = (byte) random.nextInt(256);
            }
        }
        PartitionData data = new PartitionData(0, pixels, labels, keys, SHAPE.size());
        MinibatchAssembler assembler = new MinibatchAssembler(SHAPE, 3, true);
        List<String> names = List.of("a", "b", "c");
        EvaluationReport report = PartitionEvaluation.of(averaged, data, assembler, names).report("test", names, 1);
        INDArray features = assembler.assemble(data, io.dlspark.core.train.AugmentedBatch.identity(n), 0, n).getFeatures();
        INDArray probabilities = Networks.output(plain, features).add(Networks.output(plain, FlipAveraging.mirror(features)))
            .div(2);
        int[] predicted = probabilities.argMax(1).toIntVector();
        int correct = 0;
        for (int i = 0; i < n; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        assertEquals(correct / (double) n, report.accuracy(), 1e-9);
    }
}

package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.data.InputAdapter;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.PartitionData;
import io.dlspark.feed.FeatureInputs;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Checks on the driver, before any Spark job, that a network accepts the shard set's input shape and predicts its
 * number of classes, by running one blank record through it. A mismatch is a usage error naming both sides.
 */
final class ModelCompatibility {
    private ModelCompatibility() {
    }

    static void check(NeuralNetwork net, String modelName, ImageShape shape, int classes, boolean convolutional) {
        check(net, modelName, FeatureInputs.images(shape), classes, convolutional);
    }

    /** As {@link #check(NeuralNetwork, String, ImageShape, int, boolean)}, with the records of {@code shape} adapted by {@code adapter} (may be null). */
    static void check(NeuralNetwork net, String modelName, ImageShape shape, int classes, boolean convolutional,
                      InputAdapter adapter) {
        check(net, modelName, FeatureInputs.images(shape).adapted(adapter), classes, convolutional);
    }

    static void check(NeuralNetwork net, String modelName, FeatureInputs inputs, int classes, boolean convolutional) {
        MinibatchAssembler assembler = inputs.assembler(classes, convolutional);
        PartitionData blank = inputs.blank();
        INDArray features = assembler.assemble(blank, new int[] {0}, 0, 1).getFeatures();
        INDArray output;
        try {
            output = Networks.output(net, features);
        } catch (RuntimeException e) {
            throw new UsageException("model '" + modelName + "' does not accept the data's input " + inputs.describe()
                + " (features " + Arrays.toString(features.shape()) + "): " + e.getMessage(), e);
        }
        if (output.rank() != 2 || output.size(1) != classes) {
            throw new UsageException("model '" + modelName + "' predicts output shape " + Arrays.toString(output.shape())
                + " but the data has " + classes + " classes (expected [1, " + classes + "])");
        }
    }
}

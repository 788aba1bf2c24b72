package io.dlspark.core.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Horizontal-flip test-time augmentation: a network's inference output becomes the mean of its outputs (softmax
 * probabilities) for each image and for its mirror image. Training is unchanged.
 */
public final class FlipAveraging {
    private FlipAveraging() {
    }

    /** A new, uninitialised network whose inference output is flip-averaged. */
    public static MultiLayerNetwork network(MultiLayerConfiguration conf) {
        return new Sequential(conf);
    }

    /** A new, uninitialised single-input, single-output graph whose inference output is flip-averaged. */
    public static ComputationGraph network(ComputationGraphConfiguration conf) {
        return new Graph(conf);
    }

    /** The images of a {@code [batch, channels, height, width]} array mirrored left to right, as a new array. */
    public static INDArray mirror(INDArray images) {
        if (images.rank() != 4) {
            throw new IllegalArgumentException("flip averaging needs [batch, channels, height, width] images, got shape "
                + java.util.Arrays.toString(images.shape()));
        }
        long[] shape = images.shape();
        int width = (int) shape[3];
        float[] values = images.dup('c').data().asFloat();
        for (int row = 0; row < values.length; row += width) {
            for (int left = row, right = row + width - 1; left < right; left++, right--) {
                float swap = values[left];
                values[left] = values[right];
                values[right] = swap;
            }
        }
        return Nd4j.create(values, shape, 'c').castTo(images.dataType());
    }

    private static INDArray average(INDArray plain, INDArray mirrored) {
        return plain.addi(mirrored).muli(0.5);
    }

    /** A multi-layer network with flip-averaged inference output. */
    private static final class Sequential extends MultiLayerNetwork {
        Sequential(MultiLayerConfiguration conf) {
            super(conf);
        }

        @Override
        public INDArray output(INDArray input, boolean train) {
            INDArray plain = super.output(input, train);
            return train ? plain : average(plain, super.output(mirror(input), false));
        }
    }

    /** A single-input, single-output graph with flip-averaged inference output. */
    private static final class Graph extends ComputationGraph {
        Graph(ComputationGraphConfiguration conf) {
            super(conf);
        }

        @Override
        public INDArray outputSingle(boolean train, INDArray... input) {
            INDArray plain = super.outputSingle(train, input);
            return train || input.length != 1 ? plain : average(plain, super.outputSingle(false, mirror(input[0])));
        }
    }
}

package io.dlspark.core.model;

import io.dlspark.core.data.ImageShape;
import org.deeplearning4j.nn.api.NeuralNetwork;

/** A named model family that builds an initialised DL4J network for an input shape and class count. */
public interface ModelSpec {
    String name();

    /** Whether the network takes images as {@code [batch, channels, height, width]} (else flat vectors). */
    boolean convolutional();

    NeuralNetwork build(ImageShape input, int classes, OptimizerConfig optimizer, long seed);
}

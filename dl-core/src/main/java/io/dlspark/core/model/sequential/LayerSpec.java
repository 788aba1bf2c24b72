package io.dlspark.core.model.sequential;

import org.deeplearning4j.nn.conf.layers.Layer;

import java.io.Serializable;

/**
 * One hidden layer of a {@link SequentialSpec}. {@link #key} is its full configuration key, such as
 * {@code models.lenet.layers[2]}, which every shape error names.
 */
public sealed interface LayerSpec extends Serializable
    permits Dense, Conv2d, Pool2d, BatchNorm, Dropout, Embedding, Conv1d, GlobalPool {

    String key();

    /** The type as written in the file, such as {@code conv2d}. */
    String type();

    /** The output shape for an input, or a usage error naming the key when the layer cannot take it. */
    Shape output(Shape in);

    /** The DL4J layer configuration for an input. */
    Layer toLayer(Shape in, LayerDefaults defaults);

    /** Forward-pass floating-point operations per sample (a multiply-add counts 2). */
    long forwardFlops(Shape in, Shape out);

    /** Whether the layer is left out for this input (pooling that adapts to small inputs). */
    default boolean skippedFor(Shape in) {
        return false;
    }
}

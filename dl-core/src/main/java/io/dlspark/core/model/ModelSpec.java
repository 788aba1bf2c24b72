package io.dlspark.core.model;

import org.deeplearning4j.nn.api.NeuralNetwork;

/**
 * A validated model specification, read from a file in {@code conf/models/} (see {@code ModelCatalog}), that builds
 * an initialised DL4J network for an input and a class count. The output layer's size is the class count.
 */
public interface ModelSpec extends CatalogSpec {
    /** The input {@code models describe} and the benchmark use when none is given. */
    ModelInput exampleInput();

    /** Builds and initialises the network; an input kind the model cannot take is a usage error naming both. */
    NeuralNetwork build(ModelInput input, int classes, OptimizerConfig optimizer, long seed);

    /** Per-layer output shapes, parameters and FLOPs for an input, as {@code dlspark models describe} prints them. */
    ModelSummary summarize(ModelInput input, int classes);
}

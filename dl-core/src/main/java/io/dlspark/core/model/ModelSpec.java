package io.dlspark.core.model;

import io.dlspark.core.UsageException;
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

    /**
     * Builds the network ending in {@code head}; a softmax head is {@link #build(ModelInput, int, OptimizerConfig,
     * long)}, and a model without a regression head says so.
     */
    default NeuralNetwork build(ModelInput input, OutputHead head, OptimizerConfig optimizer, long seed) {
        if (head.regression()) {
            throw new UsageException("model '" + name() + "': has no regression head; regression takes an mlp or "
                + "sequential model");
        }
        return build(input, head.outputs(), optimizer, seed);
    }

    /** Per-layer output shapes, parameters and FLOPs for an input, as {@code dlspark models describe} prints them. */
    ModelSummary summarize(ModelInput input, int classes);
}

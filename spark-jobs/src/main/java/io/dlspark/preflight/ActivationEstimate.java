package io.dlspark.preflight;

import io.dlspark.core.nn.ModelMemory;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Collection;

/**
 * A training task's memory where DL4J's memory report fails (its {@code Convolution1DLayer} takes every input for an
 * image): parameters, gradients and updater state counted from the configuration, and per record each layer's
 * output and the gradient flowing back through it.
 */
final class ActivationEstimate {
    private ActivationEstimate() {
    }

    static MemoryNeed of(NeuralNetwork net, InputType input, int batch, long minibatchBytes) {
        long fixed;
        Collection<InputType> outputs;
        if (net instanceof MultiLayerNetwork mln) {
            fixed = ModelMemory.of(mln.getLayerWiseConfigurations()).bytes();
            outputs = mln.getLayerWiseConfigurations().getLayerActivationTypes(input);
        } else {
            ComputationGraph graph = (ComputationGraph) net;
            fixed = ModelMemory.of(graph.getConfiguration()).bytes();
            outputs = graph.getConfiguration().getLayerActivationTypes(input).values();
        }
        // a vertex without an inferred type (SameDiff) is counted as its graph's largest typed activation
        long largest = outputs.stream().filter(java.util.Objects::nonNull).mapToLong(InputType::arrayElementsPerExample)
            .max().orElse(0);
        long elements = outputs.stream().mapToLong(t -> t == null ? largest : t.arrayElementsPerExample()).sum();
        return new MemoryNeed(fixed, Math.addExact(Math.multiplyExact(2L * Float.BYTES * batch, elements), minibatchBytes));
    }
}

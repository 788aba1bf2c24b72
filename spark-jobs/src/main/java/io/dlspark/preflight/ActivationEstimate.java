package io.dlspark.preflight;

import io.dlspark.core.nn.ModelMemory;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;

import java.util.Collection;

/**
 * A training task's memory where DL4J's memory report fails (its {@code Convolution1DLayer} takes every input for an
 * image): parameters, gradients and updater state counted from the configuration, and per record each layer's
 * output and the gradient flowing back through it.
 */
final class ActivationEstimate {
    private ActivationEstimate() {
    }

    static MemoryNeed of(MultiLayerConfiguration conf, InputType input, int batch, long minibatchBytes) {
        return of(ModelMemory.of(conf).bytes(), conf.getLayerActivationTypes(input), batch, minibatchBytes);
    }

    static MemoryNeed of(ComputationGraphConfiguration conf, InputType input, int batch, long minibatchBytes) {
        return of(ModelMemory.of(conf).bytes(), conf.getLayerActivationTypes(input).values(), batch, minibatchBytes);
    }

    private static MemoryNeed of(long fixed, Collection<InputType> outputs, int batch, long minibatchBytes) {
        // a vertex without an inferred type (SameDiff) is counted as its graph's largest typed activation
        long largest = outputs.stream().filter(java.util.Objects::nonNull).mapToLong(InputType::arrayElementsPerExample)
            .max().orElse(0);
        long elements = outputs.stream().mapToLong(t -> t == null ? largest : t.arrayElementsPerExample()).sum();
        return new MemoryNeed(fixed, Math.addExact(Math.multiplyExact(2L * Float.BYTES * batch, elements), minibatchBytes));
    }
}

package io.dlspark.preflight;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.nn.Networks;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.nn.conf.memory.NetworkMemoryReport;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * ND4J off-heap bytes one training task needs, estimated from the model: DL4J's memory report for training with
 * one minibatch (parameters, gradients, updater state, activations and working memory), or {@link ActivationEstimate}
 * where that fails, plus the minibatch itself.
 *
 * @param fixedBytes      parameters, gradients and updater state (independent of the batch size)
 * @param perBatchBytes   activations, working memory and the minibatch, for one minibatch
 */
public record MemoryNeed(long fixedBytes, long perBatchBytes) {
    public long totalBytes() {
        return fixedBytes + perBatchBytes;
    }

    /**
     * The estimate for {@code net} trained on {@code input} (images as {@code [batch, channels, height, width]} when
     * {@code convolutional}, else flat; vectors; token ids) with minibatches of {@code batch}.
     */
    public static MemoryNeed estimate(NeuralNetwork net, ModelInput modelInput, boolean convolutional, int classes, int batch) {
        InputType input;
        long floatsPerRecord;
        if (modelInput instanceof ModelInput.ImageInput image) {
            ImageShape shape = image.shape();
            input = convolutional ? InputType.convolutional(shape.height(), shape.width(), shape.channels())
                : InputType.feedForward(shape.size());
            floatsPerRecord = shape.size();
        } else if (modelInput instanceof ModelInput.VectorInput vector) {
            input = InputType.feedForward(vector.size());
            floatsPerRecord = vector.size();
        } else {
            ModelInput.TokenInput tokens = (ModelInput.TokenInput) modelInput;
            input = InputType.recurrent(tokens.vocabularySize(), tokens.length());
            floatsPerRecord = tokens.length();
        }
        long minibatch = (long) batch * (floatsPerRecord + classes) * Float.BYTES;
        long fixed;
        long withBatch;
        // DL4J's report and activation types set the layers' input sizes from the input type: a copy of the
        // configuration takes them, never the network's own (its embedding sized by the spec, not by the vocabulary)
        String json = Networks.configJson(net);
        MultiLayerConfiguration layers = net instanceof MultiLayerNetwork ? MultiLayerConfiguration.fromJson(json) : null;
        ComputationGraphConfiguration graph = layers == null ? ComputationGraphConfiguration.fromJson(json) : null;
        try {
            NetworkMemoryReport report = layers != null ? layers.getMemoryReport(input) : graph.getMemoryReport(input);
            fixed = report.getTotalMemoryBytes(0, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.FLOAT);
            withBatch = report.getTotalMemoryBytes(batch, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.FLOAT);
        } catch (ClassCastException | UnsupportedOperationException | NullPointerException e) {
            // DL4J M2.1's report has no output type for SameDiff vertices (the transformer's attention and norms)
            return layers != null ? ActivationEstimate.of(layers, input, batch, minibatch)
                : ActivationEstimate.of(graph, input, batch, minibatch);
        }
        return new MemoryNeed(fixed, withBatch - fixed + minibatch);
    }
}

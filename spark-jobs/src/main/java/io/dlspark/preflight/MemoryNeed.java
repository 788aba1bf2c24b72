package io.dlspark.preflight;

import io.dlspark.core.data.ImageShape;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.nn.conf.memory.NetworkMemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * ND4J off-heap bytes one training task needs, estimated from the model: DL4J's memory report for training with
 * one minibatch (parameters, gradients, updater state, activations and working memory) plus the minibatch itself.
 *
 * @param fixedBytes      parameters, gradients and updater state (independent of the batch size)
 * @param perBatchBytes   activations, working memory and the minibatch, for one minibatch
 */
public record MemoryNeed(long fixedBytes, long perBatchBytes) {
    public long totalBytes() {
        return fixedBytes + perBatchBytes;
    }

    /** The estimate for {@code net} trained on {@code shape} inputs with minibatches of {@code batch}. */
    public static MemoryNeed estimate(NeuralNetwork net, ImageShape shape, boolean convolutional, int classes, int batch) {
        InputType input = convolutional ? InputType.convolutional(shape.height(), shape.width(), shape.channels())
            : InputType.feedForward(shape.size());
        NetworkMemoryReport report = net instanceof MultiLayerNetwork mln
            ? mln.getLayerWiseConfigurations().getMemoryReport(input)
            : ((ComputationGraph) net).getConfiguration().getMemoryReport(input);
        long fixed = report.getTotalMemoryBytes(0, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.FLOAT);
        long withBatch = report.getTotalMemoryBytes(batch, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.FLOAT);
        long minibatch = (long) batch * (shape.size() + classes) * Float.BYTES;
        return new MemoryNeed(fixed, withBatch - fixed + minibatch);
    }
}

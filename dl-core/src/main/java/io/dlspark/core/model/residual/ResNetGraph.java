package io.dlspark.core.model.residual;

import io.dlspark.core.model.LabelSmoothingLoss;
import io.dlspark.core.model.ModelSummary;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link ResNetSpec}'s vertices into a DL4J graph builder and, vertex by vertex, the summary rows (output
 * shape and forward FLOPs; parameters are filled in from the built network).
 */
final class ResNetGraph {
    static final String INPUT = "input";
    static final String OUTPUT = "output";

    private final ComputationGraphConfiguration.GraphBuilder graph;
    private final double batchNormDecay;
    private final boolean zeroInitResidual;
    private final List<Vertex> vertices = new ArrayList<>();
    private Dims dims;

    /** A vertex's name, type, output shape and values, and forward FLOPs per sample. */
    record Vertex(String name, String type, String shape, long values, long flops) {
    }

    /** An activation's channels, height and width. */
    private record Dims(int channels, int height, int width) {
        long size() {
            return (long) channels * height * width;
        }

        @Override
        public String toString() {
            return channels + "x" + height + "x" + width;
        }
    }

    ResNetGraph(ComputationGraphConfiguration.GraphBuilder graph, double batchNormDecay, boolean zeroInitResidual,
                int channels, int height, int width) {
        this.graph = graph;
        this.batchNormDecay = batchNormDecay;
        this.zeroInitResidual = zeroInitResidual;
        this.dims = new Dims(channels, height, width);
    }

    List<Vertex> vertices() {
        return List.copyOf(vertices);
    }

    /** Writes the whole network and returns the output vertex's name. */
    String write(ResNetSpec spec, int classes) {
        String last = convBn("stem", INPUT, dims, spec.stemFilters(), 3, 1, true, 1.0);
        for (int s = 0; s < spec.stages().size(); s++) {
            Stage stage = spec.stages().get(s);
            for (int b = 0; b < stage.blocks(); b++) {
                last = block("stage" + (s + 1) + "-block" + (b + 1), last, stage.width(), b == 0 ? stage.stride() : 1);
            }
        }
        int features = dims.channels();
        graph.addLayer("pool", new GlobalPoolingLayer.Builder(spec.maxPool() ? PoolingType.MAX : PoolingType.AVG).build(), last);
        add("pool", spec.maxPool() ? "global-max-pool" : "global-avg-pool", Integer.toString(features), features, dims.size());
        last = "pool";
        for (int i = 0; i < spec.dense().size(); i++) {
            int size = spec.dense().get(i);
            String name = "dense" + (i + 1);
            graph.addLayer(name, new DenseLayer.Builder().nOut(size).activation(Activation.RELU).build(), last);
            add(name, "dense", Integer.toString(size), size, 2L * features * size);
            features = size;
            last = name;
        }
        OutputLayer.Builder output = new OutputLayer.Builder(loss(spec.labelSmoothing())).nOut(classes)
            .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER);
        if (spec.dropout() > 0) {
            output.dropOut(1.0 - spec.dropout());
        }
        graph.addLayer(OUTPUT, output.build(), last);
        add(OUTPUT, "softmax-output", Integer.toString(classes), classes, 2L * features * classes + 3L * classes);
        return OUTPUT;
    }

    private static ILossFunction loss(double smoothing) {
        return smoothing > 0 ? new LabelSmoothingLoss(smoothing) : new LossMCXENT();
    }

    /** conv3x3-BN-ReLU-conv3x3-BN plus the shortcut, then ReLU. */
    private String block(String name, String in, int filters, int stride) {
        Dims input = dims;
        boolean project = stride != 1 || filters != input.channels();
        String a = convBn(name + "-a", in, input, filters, 3, stride, true, 1.0);
        String b = convBn(name + "-b", a, dims, filters, 3, 1, false, zeroInitResidual ? 0.0 : 1.0);
        String shortcut = project ? convBn(name + "-shortcut", in, input, filters, 1, stride, false, 1.0) : in;
        long size = dims.size();
        graph.addVertex(name + "-add", new ElementWiseVertex(ElementWiseVertex.Op.Add), b, shortcut);
        add(name + "-add", project ? "add (projection)" : "add (identity)", dims.toString(), size, size);
        graph.addLayer(name + "-relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "-add");
        add(name + "-relu", "relu", dims.toString(), size, size);
        return name + "-relu";
    }

    /**
     * A bias-free 'same' convolution of an input of {@code from} followed by batch normalisation, then a ReLU layer
     * when {@code relu}, with batch-norm scales (gamma) starting at {@code gamma}; leaves its output's dimensions in
     * {@link #dims}.
     */
    private String convBn(String name, String in, Dims from, int filters, int kernel, int stride, boolean relu,
                          double gamma) {
        graph.addLayer(name + "-conv", new ConvolutionLayer.Builder(kernel, kernel).nOut(filters).stride(stride, stride)
            .convolutionMode(ConvolutionMode.Same).hasBias(false).activation(Activation.IDENTITY).build(), in);
        dims = new Dims(filters, (from.height() + stride - 1) / stride, (from.width() + stride - 1) / stride);
        long size = dims.size();
        add(name + "-conv", "conv" + kernel + "x" + kernel + (stride > 1 ? "/" + stride : ""), dims.toString(), size,
            2L * kernel * kernel * from.channels() * size);
        graph.addLayer(name + "-bn", new BatchNormalization.Builder().decay(batchNormDecay).useLogStd(false).gamma(gamma)
            .activation(Activation.IDENTITY).build(), name + "-conv");
        add(name + "-bn", "batch-norm", dims.toString(), size, 4L * size);
        if (!relu) {
            return name + "-bn";
        }
        // DL4J M2.1's batch-norm layer ignores a configured activation, so the ReLU is a layer of its own
        graph.addLayer(name + "-relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "-bn");
        add(name + "-relu", "relu", dims.toString(), size, size);
        return name + "-relu";
    }

    private void add(String name, String type, String shape, long values, long flops) {
        vertices.add(new Vertex(name, type, shape, values, flops));
    }

    /** The summary rows, with each vertex's parameter count from {@code params}. */
    List<ModelSummary.Row> rows(java.util.function.ToLongFunction<String> params) {
        List<ModelSummary.Row> rows = new ArrayList<>();
        for (int i = 0; i < vertices.size(); i++) {
            Vertex v = vertices.get(i);
            rows.add(new ModelSummary.Row(i, v.type(), v.shape(), v.values(), params.applyAsLong(v.name()), v.flops()));
        }
        return rows;
    }
}

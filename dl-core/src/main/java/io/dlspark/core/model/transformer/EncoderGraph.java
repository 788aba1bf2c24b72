package io.dlspark.core.model.transformer;

import io.dlspark.core.model.ModelSummary;
import io.dlspark.core.model.transformer.blocks.FeedForward;
import io.dlspark.core.model.transformer.blocks.LayerNorm;
import io.dlspark.core.model.transformer.blocks.MaskedLmHead;
import io.dlspark.core.model.transformer.blocks.MaskedSelfAttention;
import io.dlspark.core.model.transformer.blocks.PaddingMask;
import io.dlspark.core.model.transformer.blocks.PositionEmbedding;
import io.dlspark.core.model.transformer.blocks.SequencePooling;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Writes a BERT-style encoder (post-layer-norm blocks) and its classification head into a DL4J graph builder and
 * records, vertex by vertex, the summary rows: values kept for the backward pass and forward FLOPs per sample.
 */
final class EncoderGraph {
    static final String INPUT = "tokens";
    static final String OUTPUT = "output";
    static final String MASK = "padding-mask";
    /** The masked-language-model head: a softmax over the vocabulary at every position, its loss sparse. */
    static final String MLM_OUTPUT = "mlm-output";
    /** Elementwise operations per value of layer normalisation (mean, variance, normalise, scale, shift). */
    private static final long LAYER_NORM_OPS = 5;
    /** Operations per attention score: scale, mask, exponent, sum and divide. */
    private static final long SOFTMAX_OPS = 5;
    /** Elementwise operations per value of the tanh GELU. */
    private static final long GELU_OPS = 8;

    private final ComputationGraphConfiguration.GraphBuilder graph;
    private final EncoderSize size;
    private final long length;
    /** Positions per attention window: the whole length, or a part of it when a record is several windows. */
    private final long span;
    private final List<Vertex> vertices = new ArrayList<>();

    /** A vertex's name, type, output shape, values per sample and forward FLOPs per sample. */
    private record Vertex(String name, String type, String shape, long values, long flops) {
    }

    /** An encoder over {@code length} positions read as {@code windows} consecutive windows of equal size. */
    EncoderGraph(ComputationGraphConfiguration.GraphBuilder graph, EncoderSize size, int length, int windows) {
        this.graph = graph;
        this.size = size;
        this.length = length;
        this.span = length / windows;
    }

    /** The window size the blocks are given: 0 when a record is one window. */
    private long window() {
        return span == length ? 0 : span;
    }

    /** Writes the whole classifier and returns the output vertex's name. */
    String write(boolean meanPool, double dropout, int classes) {
        return classifier(encoder(), meanPool, dropout, classes);
    }

    /**
     * Writes the encoder with a masked-language-model head (a softmax over the vocabulary per position, its loss taken
     * only at the positions whose sparse label is a token id) and returns the output vertex's name.
     */
    String writeMaskedLm() {
        String last = encoder();
        long h = size.hidden();
        long v = size.vocabulary();
        graph.addLayer(MLM_OUTPUT, new MaskedLmHead(h, v), last);
        vertices.add(new Vertex(MLM_OUTPUT, "mlm-softmax", v + "x" + length, v * length, length * (2 * h * v + 3 * v)));
        return MLM_OUTPUT;
    }

    /** Embeddings, padding mask and encoder blocks; returns the last block's name. */
    private String encoder() {
        long h = size.hidden();
        long sequence = h * length;
        graph.addLayer("token-embedding", new EmbeddingSequenceLayer.Builder().nIn(size.vocabulary()).nOut(h)
            .inputLength((int) length).hasBias(false).activation(Activation.IDENTITY).build(), INPUT);
        add("token-embedding", "token-embedding", sequence, sequence);
        graph.addLayer("position-embedding", new PositionEmbedding(h, size.maxLength(), window()), "token-embedding");
        add("position-embedding", "position-embedding", sequence, sequence);
        String last = norm("embedding-norm", "position-embedding");
        graph.addVertex(MASK, new PaddingMask(), INPUT);
        vertices.add(new Vertex(MASK, "padding-mask", Long.toString(length), length, length));
        for (int i = 1; i <= size.layers(); i++) {
            last = block("encoder" + i, last);
        }
        return last;
    }

    private String classifier(String last, boolean meanPool, double dropout, int classes) {
        long h = size.hidden();
        long sequence = h * length;
        if (meanPool) {
            graph.addVertex("pool", new SequencePooling(true), last, MASK);
        } else {
            graph.addVertex("pool", new SequencePooling(false), last);
        }
        vertices.add(new Vertex("pool", meanPool ? "mean-pool" : "cls-pool", Long.toString(h), h, meanPool ? 2 * sequence : h));
        graph.addLayer("pooler", new DenseLayer.Builder().nOut(h).activation(Activation.TANH).weightInit(WeightInit.XAVIER)
            .build(), "pool");
        vertices.add(new Vertex("pooler", "dense+tanh", Long.toString(h), h, 2 * h * h + 2 * h));
        OutputLayer.Builder output = new OutputLayer.Builder(new LossMCXENT()).nOut(classes).activation(Activation.SOFTMAX)
            .weightInit(WeightInit.XAVIER);
        if (dropout > 0) {
            output.dropOut(1.0 - dropout);
        }
        graph.addLayer(OUTPUT, output.build(), "pooler");
        vertices.add(new Vertex(OUTPUT, "softmax-output", Integer.toString(classes), classes, 2 * h * classes + 3L * classes));
        return OUTPUT;
    }

    /** Self-attention, add and norm; feed-forward, add and norm. */
    private String block(String name, String in) {
        long h = size.hidden();
        long f = size.feedForward();
        long heads = size.heads();
        long scores = heads * length * span;
        graph.addVertex(name + "-attention", new MaskedSelfAttention(h, size.heads(), window()), in, MASK);
        // q, k, v, context and output kept, and the scores before and after the softmax
        add(name + "-attention", "self-attention/" + heads, 5 * h * length + 2 * scores,
            8 * length * h * h + 4 * length * h + 4 * length * span * h + SOFTMAX_OPS * scores);
        String attended = norm(name + "-attention-norm", residual(name + "-attention-add", in, name + "-attention"));
        graph.addLayer(name + "-feed-forward", new FeedForward(h, f), attended);
        add(name + "-feed-forward", "feed-forward/" + f, 2 * f * length + h * length,
            4 * length * h * f + (GELU_OPS + 1) * length * f + length * h);
        return norm(name + "-feed-forward-norm", residual(name + "-feed-forward-add", attended, name + "-feed-forward"));
    }

    private String residual(String name, String a, String b) {
        graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), a, b);
        add(name, "add", size.hidden() * length, size.hidden() * length);
        return name;
    }

    private String norm(String name, String in) {
        graph.addLayer(name, new LayerNorm(size.hidden()), in);
        long values = size.hidden() * length;
        add(name, "layer-norm", values, LAYER_NORM_OPS * values);
        return name;
    }

    private void add(String name, String type, long values, long flops) {
        vertices.add(new Vertex(name, type, size.hidden() + "x" + length, values, flops));
    }

    /** The summary rows, with each vertex's parameter count from {@code params}. */
    List<ModelSummary.Row> rows(ToLongFunction<String> params) {
        List<ModelSummary.Row> rows = new ArrayList<>();
        for (int i = 0; i < vertices.size(); i++) {
            Vertex v = vertices.get(i);
            rows.add(new ModelSummary.Row(i, v.type(), v.shape(), v.values(), params.applyAsLong(v.name()), v.flops()));
        }
        return rows;
    }
}

package io.dlspark.core.model.transformer;

import io.dlspark.core.UsageException;
import io.dlspark.core.model.HeaderedSpec;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSummary;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.model.SpecHeader;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A BERT-style transformer encoder over token ids (0 pads), built as a DL4J {@link ComputationGraph}: embeddings,
 * post-norm blocks of masked self-attention and GELU feed-forward layers, then a classification head ([CLS] or mean
 * pooling, tanh pooler, softmax) or, with {@code maskedLm}, a per-position softmax over the vocabulary. A classifier
 * of {@code windows} above 1 reads a record as that many consecutive windows of {@code max-length} positions, each
 * attended within itself, and mean-pools over all of them.
 */
public record TransformerSpec(SpecHeader header, EncoderSize size, boolean meanPool, double dropout, boolean maskedLm,
                              int windows) implements HeaderedSpec {

    /** The name of the masked-language-model output layer. */
    public static final String MLM_OUTPUT = EncoderGraph.MLM_OUTPUT;

    /** An encoder with a sequence-classification head over one window. */
    public TransformerSpec(SpecHeader header, EncoderSize size, boolean meanPool, double dropout) {
        this(header, size, meanPool, dropout, false, 1);
    }

    /** This encoder, over one window, with the masked-language-model head instead of the classification head. */
    public TransformerSpec withMaskedLmHead() {
        return new TransformerSpec(header, size, meanPool, dropout, true, 1);
    }

    @Override
    public boolean convolutional() {
        return false;
    }

    @Override
    public NeuralNetwork build(ModelInput input, int classes, OptimizerConfig optimizer, long seed) {
        ComputationGraph graph = new ComputationGraph(configuration(input, classes, optimizer, seed, DataType.FLOAT).conf());
        graph.init();
        return graph;
    }

    @Override
    public ModelSummary summarize(ModelInput input, int classes) {
        Planned planned = configuration(input, classes, optimizer(), 0, DataType.FLOAT);
        ComputationGraphConfiguration conf = planned.conf();
        return new ModelSummary(name(), input.describe(),
            planned.graph().rows(v -> conf.getVertices().get(v).numParams(true)));
    }

    /** The configuration in {@code dataType} (double for gradient checks), with the writer that recorded its vertices. */
    Planned configuration(ModelInput input, int classes, OptimizerConfig optimizer, long seed, DataType dataType) {
        ModelInput.TokenInput tokens = tokens(input);
        if (!maskedLm && classes < 2) {
            throw new UsageException("model '" + name() + "': needs at least 2 classes, got " + classes);
        }
        NeuralNetConfiguration.Builder builder = new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(dataType)
            // DL4J M2.1's SameDiff vertices hand back corrupted input gradients from the second backward pass on when
            // workspaces are enabled (measured against finite differences); without them every pass is exact.
            .trainingWorkspaceMode(WorkspaceMode.NONE)
            .inferenceWorkspaceMode(WorkspaceMode.NONE);
        optimizer.applyTo(builder);
        ComputationGraphConfiguration.GraphBuilder graph = builder.graphBuilder().addInputs(EncoderGraph.INPUT);
        EncoderGraph writer = new EncoderGraph(graph, size, tokens.length(), windows);
        graph.setOutputs(maskedLm ? writer.writeMaskedLm() : writer.write(meanPool, dropout, classes));
        // DL4J reads the embedding's vocabulary from the recurrent input type's size
        graph.setInputTypes(InputType.recurrent(size.vocabulary(), tokens.length()));
        return new Planned(graph.build(), writer);
    }

    /** A configuration with the writer that recorded its vertices. */
    record Planned(ComputationGraphConfiguration conf, EncoderGraph graph) {
    }

    private ModelInput.TokenInput tokens(ModelInput input) {
        if (!(input instanceof ModelInput.TokenInput tokens)) {
            throw new UsageException("model '" + name() + "' takes token input, not " + input.describe());
        }
        if (windows > 1 && tokens.length() % windows != 0) {
            throw new UsageException("model '" + name() + "': sequences of " + tokens.length() + " tokens are not "
                + windows + " windows of equal length");
        }
        if (tokens.length() / windows > size.maxLength()) {
            throw new UsageException("model '" + name() + "': sequences of " + tokens.length() / windows + " tokens exceed "
                + "its max-length " + size.maxLength());
        }
        if (tokens.vocabularySize() > size.vocabulary()) {
            throw new UsageException("model '" + name() + "': a vocabulary of " + tokens.vocabularySize()
                + " tokens exceeds its vocabulary-size " + size.vocabulary());
        }
        return tokens;
    }
}

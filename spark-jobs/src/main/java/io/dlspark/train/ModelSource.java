package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.data.InputAdapter;
import io.dlspark.core.model.ConfiguredNetwork;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.model.OutputHead;
import io.dlspark.core.model.transformer.TransformerSpec;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.TextFeatureKind;
import io.dlspark.feed.FeatureInputs;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.NeuralNetwork;

/**
 * Where the network of a training run comes from: a catalog model built from scratch ({@code dlspark train}) or a
 * base model prepared for fine-tuning ({@code dlspark transfer}), and what the artifact records about its origin.
 */
public interface ModelSource {
    /** The model name recorded in the artifact and used in messages. */
    String name();

    /** Whether the network takes images as {@code [batch, channels, height, width]} (else flat vectors). */
    boolean convolutional();

    /** A new initialised network taking {@code input} and predicting {@code classes} classes. */
    NeuralNetwork build(ModelInput input, int classes, long seed);

    /** A new initialised network taking {@code input} and ending in {@code head}; only catalog models have a regression head. */
    default NeuralNetwork build(ModelInput input, OutputHead head, long seed) {
        if (head.regression()) {
            throw new UsageException("model '" + name() + "': has no regression head");
        }
        return build(input, head.outputs(), seed);
    }

    /** Which fitted vectoriser of text data feeds the network when the request names none (null: TF-IDF). */
    default TextFeatureKind defaultTextFeatures() {
        return null;
    }

    /**
     * How the records of {@code data} (at {@code dataRoot}) become this network's input: the shard set's images, vectors
     * or text through the vectoriser {@code requested} (null: {@link #defaultTextFeatures()}), adapted by {@link #inputAdapter()}.
     */
    default FeatureInputs featureInputs(ShardManifest data, Path dataRoot, TextFeatureKind requested) {
        return FeatureInputs.of(data, dataRoot, requested != null ? requested : defaultTextFeatures()).adapted(inputAdapter());
    }

    /**
     * The network to train in {@code epoch}, holding the parameters of {@code net}: {@code net} itself, or a
     * replacement with another set of trainable layers (gradual unfreezing).
     */
    default NeuralNetwork forEpoch(NeuralNetwork net, int epoch) {
        return net;
    }

    /** How the data's records are adapted to the network's input, or null when the network takes them as they are. */
    default InputAdapter inputAdapter() {
        return null;
    }

    /** The optimizer the network was built with, or null when the training request names it. */
    default OptimizerConfig optimizer() {
        return null;
    }

    /** The provenance of a transferred model, or null for a model trained from scratch. */
    default ModelArtifactManifest.TransferProvenance transfer() {
        return null;
    }

    /** A catalog model trained from scratch, with {@code requested} or else the spec's own optimizer. */
    static ModelSource of(ModelSpec spec, OptimizerConfig requested) {
        OptimizerConfig optimizer = requested != null ? requested : spec.optimizer();
        return new ModelSource() {
            @Override
            public String name() {
                return spec.name();
            }

            @Override
            public boolean convolutional() {
                return spec.convolutional();
            }

            @Override
            public NeuralNetwork build(ModelInput input, int classes, long seed) {
                return spec.build(input, classes, optimizer, seed);
            }

            @Override
            public NeuralNetwork build(ModelInput input, OutputHead head, long seed) {
                return spec.build(input, head, optimizer, seed);
            }

            @Override
            public TextFeatureKind defaultTextFeatures() {
                return spec.exampleInput() instanceof ModelInput.TokenInput ? TextFeatureKind.TOKEN_IDS : null;
            }

            /**
             * WordPiece ids of the vocabulary beside the shards, as many a record as the spec's token input holds, in
             * as many windows as a transformer reads.
             */
            @Override
            public FeatureInputs featureInputs(ShardManifest data, Path dataRoot, TextFeatureKind requested) {
                if (requested != TextFeatureKind.WORDPIECE) {
                    return ModelSource.super.featureInputs(data, dataRoot, requested);
                }
                if (!(spec.exampleInput() instanceof ModelInput.TokenInput tokens)) {
                    throw new UsageException("--features wordpiece: model '" + spec.name() + "' does not read token ids "
                        + "(a transformer encoder such as bert-tiny, or text-cnn, does)");
                }
                return FeatureInputs.wordPieces(data, dataRoot, tokens.length(),
                    spec instanceof TransformerSpec encoder ? encoder.windows() : 1);
            }

            @Override
            public OptimizerConfig optimizer() {
                return optimizer;
            }
        };
    }

    /**
     * A network given as a DL4J configuration, built with the run's seed and, when {@code learningRate} is not null,
     * that learning rate in every updater (else the configuration's updaters as they are); its name is
     * {@code dl4j-multilayer} or {@code dl4j-graph}. The input and output sizes must match the data's.
     */
    static ModelSource of(ConfiguredNetwork network, Double learningRate) {
        ConfiguredNetwork.Sizes sizes = network.sizes("model configuration");
        String name = network.kind() == io.dlspark.core.nn.NetworkKind.MULTI_LAYER ? "dl4j-multilayer" : "dl4j-graph";
        return new ModelSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean convolutional() {
                return sizes.convolutional();
            }

            @Override
            public NeuralNetwork build(ModelInput input, int classes, long seed) {
                return build(input, OutputHead.softmax(classes), seed);
            }

            @Override
            public NeuralNetwork build(ModelInput input, OutputHead head, long seed) {
                int width = input instanceof ModelInput.VectorInput v ? v.size()
                    : input instanceof ModelInput.ImageInput i ? i.shape().size() : 0;
                int channels = input instanceof ModelInput.ImageInput i ? i.shape().channels() : 0;
                network.checkInput("model " + name, width, channels, "the data (" + input.describe() + ")");
                network.checkOutputs("model " + name, head.outputs(), head.regression() ? "a regression head" : "the classes");
                return network.build(seed, learningRate);
            }
        };
    }
}

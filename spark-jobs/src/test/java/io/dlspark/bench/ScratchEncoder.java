package io.dlspark.bench;

import io.dlspark.core.UsageException;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.model.OutputHead;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.TextFeatureKind;
import io.dlspark.core.shard.TextFeatures;
import io.dlspark.feed.FeatureInputs;
import io.dlspark.feed.WordPieceCodec;
import io.dlspark.text.WordPieceVocabularyJob;
import io.dlspark.train.ModelSource;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A transformer encoder of the catalog trained from scratch on the WordPiece ids of the {@code vocab.txt} beside the
 * shards, the input a fine-tuned pretrained encoder reads ({@code dlspark train} reads only TF-IDF or token ids), so
 * that the two tokenize identically and differ only in their starting parameters.
 */
final class ScratchEncoder implements ModelSource {
    private final ModelSource catalog;
    private final int length;
    private final Configuration conf;

    /** {@code spec} (a transformer, {@code length} its max-length) built with {@code optimizer}. */
    ScratchEncoder(ModelSpec spec, OptimizerConfig optimizer, int length, Configuration conf) {
        this.catalog = ModelSource.of(spec, optimizer);
        this.length = length;
        this.conf = conf;
    }

    @Override
    public String name() {
        return catalog.name();
    }

    @Override
    public boolean convolutional() {
        return false;
    }

    @Override
    public NeuralNetwork build(ModelInput input, int classes, long seed) {
        return catalog.build(input, classes, seed);
    }

    @Override
    public NeuralNetwork build(ModelInput input, OutputHead head, long seed) {
        return catalog.build(input, head, seed);
    }

    @Override
    public OptimizerConfig optimizer() {
        return catalog.optimizer();
    }

    @Override
    public FeatureInputs featureInputs(ShardManifest data, Path dataRoot, TextFeatureKind requested) {
        if (requested != null && requested != TextFeatureKind.WORDPIECE) {
            throw new UsageException("--features " + requested.cliName() + ": the scratch encoder reads WordPiece ids");
        }
        Path vocabulary = new Path(dataRoot, WordPieceVocabularyJob.FILE_NAME);
        try {
            WordPieceCodec codec = WordPieceCodec.open(vocabulary, "--data " + dataRoot, length, conf);
            return FeatureInputs.wordPieces(codec, new TextFeatures.Vectorizer(TextFeatureKind.WORDPIECE,
                WordPieceVocabularyJob.FILE_NAME, codec.vocabularySize(), length));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + vocabulary, e);
        }
    }
}

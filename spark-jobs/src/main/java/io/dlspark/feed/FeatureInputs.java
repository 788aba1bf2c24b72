package io.dlspark.feed;

import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.data.InputAdapter;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.TextFeatureKind;
import io.dlspark.core.shard.TextFeatures;
import io.dlspark.core.train.Float32Rows;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.PartitionData;
import io.dlspark.core.train.PixelFeatures;
import io.dlspark.core.train.RecordFeatures;
import io.dlspark.core.train.SparseRows;
import io.dlspark.core.train.TokenRows;
import io.dlspark.text.TextPipelines;
import io.dlspark.text.TokenIds;
import io.dlspark.text.WordPieceVocabularyJob;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * How the records of a shard set become model input, on the driver: image pixels as they are (optionally adapted to
 * the network's input by an {@link InputAdapter}), extracted float32 feature vectors, or text through a fitted Spark ML
 * vectoriser (TF-IDF vectors or token ids). Training, evaluation and prediction all read records through here, so
 * they see the same features.
 */
public final class FeatureInputs {
    private final ImageShape shape;
    private final boolean vectors;
    private final InputAdapter adapter;
    private final TextFeatures.Vectorizer vectorizer;
    private final PipelineModel pipeline;
    private final FeatureCodec codec;

    private FeatureInputs(ImageShape shape, boolean vectors, InputAdapter adapter, TextFeatures.Vectorizer vectorizer,
                          PipelineModel pipeline, FeatureCodec codec) {
        this.shape = shape;
        this.vectors = vectors;
        this.adapter = adapter;
        this.vectorizer = vectorizer;
        this.pipeline = pipeline;
        this.codec = codec;
    }

    public static FeatureInputs images(ImageShape shape) {
        return new FeatureInputs(shape, false, null, null, null, new PixelCodec(shape.size()));
    }

    /** Extracted feature vectors ({@link RecordFormat#FEATURES_FLOAT32}) of {@code shape.size()} values. */
    public static FeatureInputs vectors(ImageShape shape) {
        return new FeatureInputs(shape, true, null, null, null, new Float32Codec(shape.size()));
    }

    /** These image inputs, each record adapted by {@code adapter} (null: as they are) as minibatches are built. */
    public FeatureInputs adapted(InputAdapter adapter) {
        if (adapter == null) {
            return this;
        }
        if (shape == null || vectors) {
            throw new UsageException("an input adapter applies to image records only, not to " + describe());
        }
        return new FeatureInputs(shape, false, adapter, null, null, codec);
    }

    /** Text through {@code vectorizer}, whose pipeline path (WordPiece: vocabulary file) is relative to {@code base}. */
    public static FeatureInputs text(TextFeatures.Vectorizer vectorizer, Path base) {
        if (vectorizer.kind() == TextFeatureKind.WORDPIECE) {
            Path file = new Path(base, vectorizer.pipeline());
            try {
                return wordPieces(WordPieceCodec.open(file, "vocabulary", vectorizer.sequenceLength(), vectorizer.windowCount(),
                    org.apache.spark.sql.SparkSession.active().sparkContext().hadoopConfiguration()), vectorizer);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read the WordPiece vocabulary " + file, e);
            }
        }
        PipelineModel pipeline = PipelineModel.load(new Path(base, vectorizer.pipeline()).toString());
        FeatureCodec codec = vectorizer.kind() == TextFeatureKind.TFIDF
            ? new SparseVectorCodec(vectorizer.vocabularySize())
            : new TokenIdCodec(TokenIds.of(pipeline, vectorizer.sequenceLength()));
        return new FeatureInputs(null, false, null, vectorizer, pipeline, codec);
    }

    /**
     * Text shards as WordPiece ids of the vocabulary beside them ({@code dlspark vocab --input <shards>} writes it),
     * {@code length} ids a record in {@code windows} windows: the input of a transformer encoder trained from scratch
     * ({@code train --features wordpiece}); training copies the vocabulary into the artifact as it copies a fitted
     * vectoriser.
     */
    public static FeatureInputs wordPieces(ShardManifest data, Path dataRoot, int length, int windows) {
        data.requireText("--features wordpiece: --data " + dataRoot);
        Path file = new Path(dataRoot, WordPieceVocabularyJob.FILE_NAME);
        try {
            WordPieceCodec codec = WordPieceCodec.open(file, "--features wordpiece", length, windows,
                org.apache.spark.sql.SparkSession.active().sparkContext().hadoopConfiguration());
            return wordPieces(codec, vectorizer(codec, WordPieceVocabularyJob.FILE_NAME));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the WordPiece vocabulary " + file, e);
        }
    }

    /** Text as WordPiece ids by {@code codec}, recorded as {@code vectorizer} (kind {@link TextFeatureKind#WORDPIECE}). */
    public static FeatureInputs wordPieces(WordPieceCodec codec, TextFeatures.Vectorizer vectorizer) {
        if (vectorizer.kind() != TextFeatureKind.WORDPIECE || vectorizer.sequenceLength() != codec.length()
            || vectorizer.windowCount() != codec.windows()) {
            throw new IllegalArgumentException("not the WordPiece vectoriser of this codec: " + vectorizer);
        }
        return new FeatureInputs(null, false, null, vectorizer, null, codec);
    }

    /** How {@code codec}'s features are recorded, its vocabulary at {@code path}. */
    public static TextFeatures.Vectorizer vectorizer(WordPieceCodec codec, String path) {
        return new TextFeatures.Vectorizer(TextFeatureKind.WORDPIECE, path, codec.vocabularySize(), codec.length(),
            codec.windows() == 1 ? null : codec.windows());
    }

    /** The inputs of a shard set: its images, or its text through the vectoriser of {@code kind} (default TF-IDF). */
    public static FeatureInputs of(ShardManifest data, Path dataRoot, TextFeatureKind kind) {
        if (data.recordFormat() == RecordFormat.IMAGE_UINT8_HWC) {
            if (kind != null) {
                throw new UsageException("--features " + kind.cliName() + ": the shard set holds images, not text");
            }
            return images(data.shape());
        }
        if (data.recordFormat() == RecordFormat.FEATURES_FLOAT32) {
            if (kind != null) {
                throw new UsageException("--features " + kind.cliName() + ": the shard set holds feature vectors, not text");
            }
            return vectors(data.shape());
        }
        if (data.textFeatures() == null) {
            throw new UsageException(dataRoot + ": the text shard set has no fitted vectoriser (made by an older dlspark "
                + "ingest?); ingest it again");
        }
        return text(data.textFeatures().vectorizer(kind == null ? TextFeatureKind.TFIDF : kind), dataRoot);
    }

    /** The image shape, or null for text. */
    public ImageShape shape() {
        return shape;
    }

    /** The text vectoriser, or null for images. */
    public TextFeatures.Vectorizer vectorizer() {
        return vectorizer;
    }

    /**
     * The network input these features make: the images, TF-IDF vectors of the vocabulary's size, or token-id
     * sequences of the set length over the vocabulary (padding and unknown ids included).
     */
    public ModelInput modelInput() {
        if (vectorizer == null) {
            return vectors ? new ModelInput.VectorInput(shape.size()) : new ModelInput.ImageInput(shape);
        }
        return vectorizer.kind() == TextFeatureKind.TFIDF ? new ModelInput.VectorInput(vectorizer.vocabularySize())
            : new ModelInput.TokenInput(vectorizer.sequenceLength(), vectorizer.vocabularySize());
    }

    /** Values per record as the network sees them. */
    public int width() {
        return vectorizer == null ? shape.size()
            : vectorizer.kind() == TextFeatureKind.TFIDF ? vectorizer.vocabularySize() : vectorizer.sequenceLength();
    }

    /**
     * {@code record_id, label, <features>, group} of shards (or any rows with {@code text}) for {@link TrainingData};
     * image and feature shards without a label column get null labels, and keep their {@link TrainingData#WEIGHT}.
     */
    public Dataset<Row> rows(Dataset<Row> shards) {
        if (codec instanceof WordPieceCodec) {
            return WordPieceCodec.rows(shards);
        }
        if (pipeline == null) {
            Column content = functions.col(vectors ? ShardColumns.FEATURES : ShardColumns.PIXELS);
            return java.util.Arrays.asList(shards.columns()).contains(TrainingData.WEIGHT)
                ? shards.select(functions.col(ShardColumns.RECORD_ID), TrainingData.label(shards), content,
                    functions.col(TrainingData.WEIGHT))
                : shards.select(functions.col(ShardColumns.RECORD_ID), TrainingData.label(shards), content);
        }
        String column = vectorizer.kind() == TextFeatureKind.TFIDF ? TextPipelines.FEATURES : TextPipelines.WORDS;
        return pipeline.transform(shards).select(ShardColumns.RECORD_ID, ShardColumns.LABEL, column, ShardColumns.GROUP);
    }

    /** How each record's features are read and packed. */
    public FeatureCodec codec() {
        return codec;
    }

    public TrainingData load(Dataset<Row> shards, int workers, long seed) {
        return TrainingData.load(rows(shards), workers, seed, codec);
    }

    public MinibatchAssembler assembler(int classes, boolean convolutional) {
        return MinibatchAssembler.forData(shape, classes, convolutional && shape != null && !vectors, adapter);
    }

    /** One all-zero record, for checking a network against these inputs. */
    public PartitionData blank() {
        if (vectorizer == null) {
            RecordFeatures blank = vectors ? new Float32Rows(new byte[shape.size() * Float.BYTES], shape.size() * Float.BYTES)
                : new PixelFeatures(new byte[shape.size()], shape.size());
            return new PartitionData(0, blank, new int[] {0}, new long[1], null);
        }
        return new PartitionData(0, vectorizer.kind() == TextFeatureKind.TFIDF
            ? new SparseRows(width(), new int[] {0, 0}, new int[0], new float[0])
            : new TokenRows(width(), new int[width()]), new int[] {0}, new long[1], null);
    }

    /** A description for messages: the image shape (adapted to the network's), the vectors or the text features. */
    public String describe() {
        return adapter == null ? modelInput().describe() : modelInput().describe() + " adapted to " + adapter.to();
    }
}

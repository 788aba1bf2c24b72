package io.dlspark.core.artifact;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.data.InputAdapter;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.TextFeatureKind;
import io.dlspark.core.shard.TextFeatures;
import io.dlspark.core.train.MinibatchAssembler;

import java.util.List;

/**
 * How one record becomes the network's input, as dlspark's feed does it, so that a user of plain DL4J can score
 * {@code model.zip} (docs/library.md has a snippet): the values, their scale, the array layout and shape.
 *
 * @param input       what a record is
 * @param recordShape images: the stored records' shape (uint8, height x width x channels interleaved); else null
 * @param adapter     images: how records were resized or recoloured to the network's shape first, or null
 * @param scale       each value is multiplied by this in float32 ({@code 1f / 255f} for pixels, 1 otherwise)
 * @param layout      the array the network takes for a minibatch
 * @param shape       one record's input shape in {@code layout}, without the batch dimension
 * @param text        text: how the text was tokenised and vectorised; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputPreprocessing(Input input, ImageShape recordShape, InputAdapter adapter, double scale, Layout layout,
                                 List<Integer> shape, Tokenization text) {

    /** What a record is. */
    public enum Input {
        /** uint8 pixels. */
        IMAGE,
        /** float32 feature values, in the order of the shard set's {@code features} column (or DataFrame vector). */
        VECTOR,
        /** TF-IDF weights over the vocabulary of the artifact's {@code vectorizer} pipeline. */
        TEXT_TFIDF,
        /** Token ids: 0 pads, 1 is any unknown token, the vocabulary's i-th term is i + 2. */
        TEXT_TOKEN_IDS
    }

    /** The minibatch array, always float32 and C order. */
    public enum Layout {
        /** {@code [batch, channels, height, width]}. */
        NCHW,
        /** {@code [batch, height * width * channels]}: each record's pixels row by row, channels interleaved. */
        FLAT_HWC,
        /** {@code [batch, features]}. */
        FEATURES,
        /** {@code [batch, sequenceLength]}, ids as float values. */
        TOKEN_IDS
    }

    /**
     * Text tokenisation and vectorisation, fitted with Spark ML on the training split (the pipeline is saved in the
     * artifact's {@code vectorizer} folder).
     *
     * @param tokenPattern     regular expression whose matches, lower-cased, are the tokens
     * @param stopWordsRemoved whether Spark ML's English stop words are removed
     * @param ngrams           1 for words, 2 for words and word pairs (TF-IDF)
     * @param vocabularySize   TF-IDF: vector length; token ids: ids in use including padding and unknown
     * @param sequenceLength   token ids per record (truncated or padded at the end), or null for TF-IDF
     * @param pipeline         the Spark ML pipeline, relative to the artifact's root
     * @param windows          WordPiece ids in windows: the record's ids are this many windows of
     *                         {@code sequenceLength / windows}, each {@code [CLS]}, the next pieces of the text and
     *                         {@code [SEP]} (all padding past the text); null for one sequence
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tokenization(String tokenPattern, boolean stopWordsRemoved, int ngrams, int vocabularySize,
                               Integer sequenceLength, String pipeline, Integer windows) {
    }

    /**
     * The preprocessing of image records of {@code records} shape, adapted by {@code adapter} (or null) to the
     * network's, for a convolutional ({@code NCHW}) or dense ({@code FLAT_HWC}) network.
     */
    public static InputPreprocessing images(ImageShape records, InputAdapter adapter, boolean convolutional) {
        ImageShape net = adapter == null ? records : adapter.to();
        List<Integer> shape = convolutional ? List.of(net.channels(), net.height(), net.width()) : List.of(net.size());
        return new InputPreprocessing(Input.IMAGE, records, adapter, MinibatchAssembler.PIXEL_SCALE,
            convolutional ? Layout.NCHW : Layout.FLAT_HWC, shape, null);
    }

    /** The preprocessing of float32 feature vectors of {@code width} values, taken as they are. */
    public static InputPreprocessing vectors(int width) {
        return new InputPreprocessing(Input.VECTOR, null, null, 1, Layout.FEATURES, List.of(width), null);
    }

    /** The token pattern recorded for WordPiece ids: DL4J's BERT tokenizer, lower-cased, accents stripped. */
    public static final String WORDPIECE_PATTERN = "BertWordPieceTokenizerFactory (lower-cased, accents stripped)";

    /** The preprocessing of text through {@code vectorizer}, one of {@code features}' pipelines (any, for WordPiece). */
    public static InputPreprocessing text(TextFeatures features, TextFeatures.Vectorizer vectorizer) {
        Tokenization tokenization = vectorizer.kind() == TextFeatureKind.WORDPIECE
            ? new Tokenization(WORDPIECE_PATTERN, false, 1, vectorizer.vocabularySize(), vectorizer.sequenceLength(),
                vectorizer.pipeline(), vectorizer.windowCount() > 1 ? vectorizer.windowCount() : null)
            : new Tokenization(features.tokenPattern(), features.stopWordsRemoved(),
            vectorizer.kind() == TextFeatureKind.TFIDF ? features.ngrams() : 1, vectorizer.vocabularySize(),
            vectorizer.sequenceLength(), vectorizer.pipeline(), null);
        return vectorizer.kind() == TextFeatureKind.TFIDF
            ? new InputPreprocessing(Input.TEXT_TFIDF, null, null, 1, Layout.FEATURES,
                List.of(vectorizer.vocabularySize()), tokenization)
            : new InputPreprocessing(Input.TEXT_TOKEN_IDS, null, null, 1, Layout.TOKEN_IDS,
                List.of(vectorizer.sequenceLength()), tokenization);
    }

    /**
     * The preprocessing of the records of {@code data} as the feed makes them: images (adapted by {@code adapter},
     * or null) for a {@code convolutional} network or not, feature vectors, or text through {@code vectorizer} (the
     * artifact's copy).
     */
    public static InputPreprocessing of(ShardManifest data, InputAdapter adapter, boolean convolutional,
                                        TextFeatures.Vectorizer vectorizer) {
        if (data.recordFormat() == RecordFormat.IMAGE_UINT8_HWC) {
            return images(data.shape(), adapter, convolutional);
        }
        if (data.recordFormat() == RecordFormat.FEATURES_FLOAT32) {
            return vectors(data.shape().size());
        }
        if (data.recordFormat() != RecordFormat.TEXT_UTF8) {
            throw new UsageException("no input preprocessing is defined for " + data.recordFormat() + " records");
        }
        if (vectorizer == null || data.textFeatures() == null && vectorizer.kind() != TextFeatureKind.WORDPIECE) {
            throw new UsageException("a model of " + data.recordFormat() + " records needs the text vectoriser it was "
                + "trained with");
        }
        return text(data.textFeatures(), vectorizer);
    }
}

package io.dlspark.feed;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.text.WordPieceVocabulary;
import io.dlspark.core.train.RecordFeatures;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.deeplearning4j.text.tokenization.tokenizerfactory.BertWordPieceTokenizerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Text records as WordPiece token ids with a shard set's {@code vocab.txt} (DL4J's {@code BertWordPieceTokenizerFactory}):
 * {@code [CLS]}, the first {@code length - 2} pieces, {@code [SEP]}, then padding (id 0) to {@code length}.
 */
public final class WordPieceCodec implements FeatureCodec {
    /** Ids below this are the special tokens of {@link WordPieceVocabulary#SPECIAL}. */
    public static final int FIRST_REGULAR = WordPieceVocabulary.SPECIAL.size();
    private static final int CLS = WordPieceVocabulary.SPECIAL.indexOf("[CLS]");
    private static final int SEP = WordPieceVocabulary.SPECIAL.indexOf("[SEP]");
    /** The id of {@code [MASK]}. */
    public static final int MASK = WordPieceVocabulary.SPECIAL.indexOf("[MASK]");

    private final List<String> vocabulary;
    private final int length;
    private transient BertWordPieceTokenizerFactory tokenizer;

    private WordPieceCodec(List<String> vocabulary, int length) {
        this.vocabulary = List.copyOf(vocabulary);
        this.length = length;
    }

    /** The codec of the vocabulary {@code file} (named by {@code option} in errors) for sequences of {@code length}. */
    public static WordPieceCodec open(Path file, String option, int length, Configuration conf) throws IOException {
        if (!HadoopFiles.exists(file, conf)) {
            throw new UsageException(option + ": no WordPiece vocabulary " + file + " with the shards (build it with "
                + "dlspark vocab --input <shards>)");
        }
        List<String> tokens = Arrays.asList(HadoopFiles.readString(file, conf).split("\n"));
        if (tokens.size() <= FIRST_REGULAR || !tokens.subList(0, FIRST_REGULAR).equals(WordPieceVocabulary.SPECIAL)) {
            throw new DataException(file + ": not a dlspark WordPiece vocabulary (its first lines must be "
                + String.join(" ", WordPieceVocabulary.SPECIAL) + ")");
        }
        if (length < 3) {
            throw new UsageException("sequence length " + length + " leaves no room between [CLS] and [SEP]");
        }
        return new WordPieceCodec(tokens, length);
    }

    /** Ids in the vocabulary, special tokens included. */
    public int vocabularySize() {
        return vocabulary.size();
    }

    public int length() {
        return length;
    }

    /**
     * {@code record_id, label, text} of text shards, and their {@code group} when they have one (so that evaluation
     * reports per group, as for TF-IDF), for {@link TrainingData#load(Dataset, int, long, FeatureCodec)}.
     */
    public static Dataset<Row> rows(Dataset<Row> shards) {
        List<Column> columns = new ArrayList<>(List.of(functions.col(ShardColumns.RECORD_ID), TrainingData.label(shards),
            functions.col(ShardColumns.TEXT)));
        if (Arrays.asList(shards.columns()).contains(ShardColumns.GROUP)) {
            columns.add(functions.col(ShardColumns.GROUP));
        }
        return shards.select(columns.toArray(Column[]::new));
    }

    @Override
    public Serializable read(Row row, int column) {
        return encode(row.isNullAt(column) ? "" : row.getString(column));
    }

    /** The ids of {@code text}. */
    public int[] encode(String text) {
        Map<String, Integer> ids = factory().getVocab();
        List<String> pieces = factory().create(text).getTokens();
        int[] out = new int[length];
        out[0] = CLS;
        int n = Math.min(pieces.size(), length - 2);
        for (int i = 0; i < n; i++) {
            out[i + 1] = ids.getOrDefault(pieces.get(i), 1);
        }
        out[n + 1] = SEP;
        return out;
    }

    private BertWordPieceTokenizerFactory factory() {
        if (tokenizer == null) {
            try {
                tokenizer = new BertWordPieceTokenizerFactory(new ByteArrayInputStream(String.join("\n", vocabulary)
                    .getBytes(StandardCharsets.UTF_8)), true, true, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tokenizer;
    }

    @Override
    public RecordFeatures pack(List<String> ids, List<Serializable> features) {
        return TokenIdCodec.packIds(length, features);
    }
}

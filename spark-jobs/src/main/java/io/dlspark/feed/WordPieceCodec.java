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
 * {@code [CLS]}, the first {@code length - 2} pieces, {@code [SEP]}, then padding (id 0) to {@code length}. With
 * several windows a record is that many such sequences one after the other, the k-th over the k-th run of
 * {@code window - 2} pieces; a window past the end of the text is all padding.
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
    private final int windows;
    private transient BertWordPieceTokenizerFactory tokenizer;

    private WordPieceCodec(List<String> vocabulary, int length, int windows) {
        this.vocabulary = List.copyOf(vocabulary);
        this.length = length;
        this.windows = windows;
    }

    /** The codec of the vocabulary {@code file} (named by {@code option} in errors) for sequences of {@code length}. */
    public static WordPieceCodec open(Path file, String option, int length, Configuration conf) throws IOException {
        return open(file, option, length, 1, conf);
    }

    /**
     * The codec of the vocabulary {@code file} (named by {@code option} in errors) for records of {@code length} ids
     * made of {@code windows} windows of equal length.
     */
    public static WordPieceCodec open(Path file, String option, int length, int windows, Configuration conf)
        throws IOException {
        if (!HadoopFiles.exists(file, conf)) {
            throw new UsageException(option + ": no WordPiece vocabulary " + file + " with the shards (build it with "
                + "dlspark vocab --input <shards>)");
        }
        List<String> tokens = Arrays.asList(HadoopFiles.readString(file, conf).split("\n"));
        if (tokens.size() <= FIRST_REGULAR || !tokens.subList(0, FIRST_REGULAR).equals(WordPieceVocabulary.SPECIAL)) {
            throw new DataException(file + ": not a dlspark WordPiece vocabulary (its first lines must be "
                + String.join(" ", WordPieceVocabulary.SPECIAL) + ")");
        }
        if (windows < 1 || length % windows != 0) {
            throw new UsageException(option + ": " + length + " ids a record are not " + windows + " windows of equal length");
        }
        if (length / windows < 3) {
            throw new UsageException("sequence length " + length / windows + " leaves no room between [CLS] and [SEP]");
        }
        return new WordPieceCodec(tokens, length, windows);
    }

    /** Ids in the vocabulary, special tokens included. */
    public int vocabularySize() {
        return vocabulary.size();
    }

    /** Ids a record, over all its windows. */
    public int length() {
        return length;
    }

    /** The windows of equal length a record's ids are. */
    public int windows() {
        return windows;
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

    /** The ids of {@code text}: its first window always, each further window while pieces are left. */
    public int[] encode(String text) {
        Map<String, Integer> ids = factory().getVocab();
        List<String> pieces = factory().create(text).getTokens();
        int[] out = new int[length];
        int window = length / windows;
        int room = window - 2;
        for (int w = 0, first = 0; w < windows && (w == 0 || first < pieces.size()); w++, first += room) {
            int start = w * window;
            out[start] = CLS;
            int n = Math.min(pieces.size() - first, room);
            for (int i = 0; i < n; i++) {
                out[start + i + 1] = ids.getOrDefault(pieces.get(first + i), 1);
            }
            out[start + n + 1] = SEP;
        }
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

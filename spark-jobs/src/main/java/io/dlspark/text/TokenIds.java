package io.dlspark.text;

import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.CountVectorizerModel;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps tokens to ids with the vocabulary of a fitted {@link CountVectorizerModel}: the vocabulary's i-th term (most
 * frequent first) is id {@code i + 2}; 0 pads, 1 stands for any token outside the training vocabulary. Sequences are
 * truncated or padded at the end to {@code length}.
 */
public final class TokenIds implements Serializable {
    public static final int PADDING = 0;
    public static final int UNKNOWN = 1;
    private static final int FIRST = 2;

    private final Map<String, Integer> ids;
    private final int length;

    private TokenIds(String[] vocabulary, int length) {
        this.ids = new HashMap<>(vocabulary.length * 2);
        for (int i = 0; i < vocabulary.length; i++) {
            ids.put(vocabulary[i], i + FIRST);
        }
        this.length = length;
    }

    /** The token ids of a fitted token pipeline (its last stage is the count vectorizer). */
    public static TokenIds of(PipelineModel pipeline, int length) {
        Transformer last = pipeline.stages()[pipeline.stages().length - 1];
        if (!(last instanceof CountVectorizerModel counts)) {
            throw new IllegalArgumentException("not a token-id pipeline: its last stage is " + last.getClass().getSimpleName());
        }
        return new TokenIds(counts.vocabulary(), length);
    }

    /** Ids in use, padding and unknown included. */
    public int vocabularySize() {
        return ids.size() + FIRST;
    }

    public int length() {
        return length;
    }

    public int id(String token) {
        return ids.getOrDefault(token, UNKNOWN);
    }

    /** The ids of {@code tokens}, truncated or padded to {@link #length()}. */
    public int[] encode(List<String> tokens) {
        int[] out = new int[length];
        for (int i = 0; i < Math.min(length, tokens.size()); i++) {
            out[i] = id(tokens.get(i));
        }
        return out;
    }
}

package io.dlspark.core.shard;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dlspark.core.UsageException;

import java.util.List;

/**
 * The {@code textFeatures} section of a text shard set's manifest: Spark ML pipelines (tokenizer, stop-words
 * remover, n-grams, count vectorizer, IDF) fitted on the training split only and saved beside the shards, so that
 * training, evaluation and prediction use one vocabulary.
 *
 * @param fittedOn          the split the pipelines were fitted on (always {@code train})
 * @param trainingDocuments documents they were fitted on
 * @param tokenPattern      the regular expression whose matches are tokens (lower-cased)
 * @param stopWordsRemoved  whether Spark ML's English stop words are removed
 * @param ngrams            1 for words, 2 for words and word pairs (TF-IDF only)
 * @param minDocFrequency   a term enters the vocabulary when at least this many training documents hold it
 * @param vectorizers       the fitted pipelines
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TextFeatures(String fittedOn, long trainingDocuments, String tokenPattern, boolean stopWordsRemoved,
                           int ngrams, int minDocFrequency, List<Vectorizer> vectorizers) {

    /**
     * One fitted pipeline.
     *
     * @param kind           what it produces
     * @param pipeline       the saved Spark ML {@code PipelineModel}, relative to the folder holding the manifest
     * @param vocabularySize TF-IDF: vector length; token ids: ids in use including padding (0) and unknown (1)
     * @param sequenceLength token ids per record, or null for TF-IDF
     * @param windows        WordPiece: the windows of equal length a record's ids are, each {@code [CLS]} pieces
     *                       {@code [SEP]} over the next part of its text; null for one
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Vectorizer(TextFeatureKind kind, String pipeline, int vocabularySize, Integer sequenceLength,
                             Integer windows) {

        /** A vectoriser whose records are one sequence. */
        public Vectorizer(TextFeatureKind kind, String pipeline, int vocabularySize, Integer sequenceLength) {
            this(kind, pipeline, vocabularySize, sequenceLength, null);
        }

        /** The same vectoriser saved at another path (the copy inside a model artifact). */
        public Vectorizer at(String path) {
            return new Vectorizer(kind, path, vocabularySize, sequenceLength, windows);
        }

        /** The windows a record's ids are: 1 unless set. */
        public int windowCount() {
            return windows == null ? 1 : windows;
        }
    }

    /** The fitted pipeline of {@code kind}; a usage error naming the available ones when the shard set lacks it. */
    public Vectorizer vectorizer(TextFeatureKind kind) {
        return vectorizers.stream().filter(v -> v.kind() == kind).findFirst()
            .orElseThrow(() -> new UsageException("--features " + kind.cliName() + ": the shard set has only "
                + vectorizers.stream().map(v -> v.kind().cliName()).toList() + " features"));
    }
}

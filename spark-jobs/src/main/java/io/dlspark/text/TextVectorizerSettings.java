package io.dlspark.text;

import io.dlspark.core.UsageException;

import java.io.Serializable;

/**
 * How ingest fits the text vectorisers, validated at construction.
 *
 * @param vocabularySize      TF-IDF vector length cap per n-gram order (the most frequent terms are kept)
 * @param minDocFrequency     a term needs this many training documents to enter a vocabulary
 * @param ngrams              1: words; 2: words and word pairs (TF-IDF)
 * @param removeStopWords     drop Spark ML's English stop words
 * @param sequenceLength      token ids per record (longer texts are truncated, shorter ones padded with 0)
 * @param tokenVocabularySize token-id vocabulary cap, without the padding and unknown ids
 */
public record TextVectorizerSettings(int vocabularySize, int minDocFrequency, int ngrams, boolean removeStopWords,
                                     int sequenceLength, int tokenVocabularySize) implements Serializable {
    public TextVectorizerSettings {
        positive(vocabularySize, "--vocabulary-size");
        positive(minDocFrequency, "--min-doc-freq");
        positive(sequenceLength, "--sequence-length");
        positive(tokenVocabularySize, "--token-vocabulary-size");
        if (ngrams != 1 && ngrams != 2) {
            throw new UsageException("--ngrams: must be 1 or 2, got " + ngrams);
        }
    }

    public static TextVectorizerSettings defaults() {
        return new TextVectorizerSettings(10_000, 2, 1, true, 256, 20_000);
    }

    private static void positive(int value, String option) {
        if (value < 1) {
            throw new UsageException(option + ": must be at least 1, got " + value);
        }
    }
}

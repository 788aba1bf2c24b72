package io.dlspark.core.shard;

import io.dlspark.core.UsageException;

import java.util.Arrays;
import java.util.Locale;

/** The ways dlspark turns text into model input. */
public enum TextFeatureKind {
    /** L2-normalised TF-IDF vectors over a capped vocabulary (a dense float vector per record, stored sparse). */
    TFIDF,
    /** Token ids from the training vocabulary, padded or truncated to a set length; 0 pads, 1 is unknown. */
    TOKEN_IDS,
    /**
     * WordPiece ids of a {@code vocab.txt} ({@code dlspark vocab}), {@code [CLS]} first and {@code [SEP]} last, 0 pads:
     * the input of an encoder fine-tuned from {@code dlspark pretrain}; its "pipeline" is the vocabulary file.
     */
    WORDPIECE;

    /** The command-line name: {@code tfidf} or {@code token-ids}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static TextFeatureKind parse(String text, String option) {
        return Arrays.stream(values()).filter(k -> k.cliName().equalsIgnoreCase(text.trim())).findFirst()
            .orElseThrow(() -> new UsageException(option + ": unknown text features '" + text + "' (expected tfidf, token-ids or wordpiece)"));
    }
}

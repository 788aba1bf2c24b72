package io.dlspark.augment.text;

import io.dlspark.augment.random.AugmentRandom;

import java.io.Serializable;
import java.util.List;

/**
 * One text augmentation on a document's whitespace-separated tokens. Implementations are immutable records of
 * validated parameters; all randomness comes from the {@link AugmentRandom} passed in. An op never empties a
 * non-empty token list: when it would, it leaves the list unchanged.
 */
public interface TextOp extends Serializable {

    /** Changes {@code tokens} in place; {@code lexicon} is {@link Lexicon#empty()} unless {@link #needsLexicon()}. */
    void apply(List<String> tokens, AugmentRandom random, Lexicon lexicon);

    /** Whether the op looks up synonyms. */
    default boolean needsLexicon() {
        return false;
    }

    /** How many tokens a fraction of {@code size} means: at least one, rounded. */
    static int count(double fraction, int size) {
        return Math.max(1, (int) Math.round(fraction * size));
    }
}

package io.dlspark.augment.text;

import io.dlspark.augment.random.AugmentRandom;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Inserts {@code fraction} of the length (at least one) new tokens at random positions: a copy of a random
 * token of the document ({@link Source#DOCUMENT}), or a synonym of a random document word that has one
 * ({@link Source#SYNONYM}; nothing is inserted when no word has a synonym).
 */
public record RandomInsertion(double fraction, Source source) implements TextOp {

    /** Where inserted words come from. */
    public enum Source { DOCUMENT, SYNONYM }

    public RandomInsertion {
        TextChecks.fraction("fraction", fraction);
        Objects.requireNonNull(source, "source");
    }

    @Override
    public boolean needsLexicon() {
        return source == Source.SYNONYM;
    }

    @Override
    public void apply(List<String> tokens, AugmentRandom random, Lexicon lexicon) {
        int size = tokens.size();
        if (size == 0) {
            return;
        }
        int insertions = TextOp.count(fraction, size);
        if (source == Source.DOCUMENT) {
            for (int n = 0; n < insertions; n++) {
                String word = tokens.get(random.nextInt(tokens.size()));
                tokens.add(random.nextInt(tokens.size() + 1), word);
            }
            return;
        }
        List<List<String>> choices = new ArrayList<>();
        for (String token : tokens) {
            List<String> synonyms = Words.synonymsOf(token, lexicon);
            if (!synonyms.isEmpty()) {
                choices.add(synonyms);
            }
        }
        if (choices.isEmpty()) {
            return;
        }
        for (int n = 0; n < insertions; n++) {
            List<String> synonyms = choices.get(random.nextInt(choices.size()));
            tokens.add(random.nextInt(tokens.size() + 1), synonyms.get(random.nextInt(synonyms.size())));
        }
    }
}

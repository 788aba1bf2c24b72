package io.dlspark.augment.text;

import io.dlspark.augment.random.AugmentRandom;

import java.util.List;

/**
 * Replaces {@code fraction} of the length (at least one) tokens, visited in random order, by a random synonym
 * from the lexicon. Stop words and words without synonyms are skipped; surrounding punctuation and a leading
 * capital are kept.
 */
public record SynonymReplacement(double fraction) implements TextOp {

    public SynonymReplacement {
        TextChecks.fraction("fraction", fraction);
    }

    @Override
    public boolean needsLexicon() {
        return true;
    }

    @Override
    public void apply(List<String> tokens, AugmentRandom random, Lexicon lexicon) {
        int size = tokens.size();
        int wanted = TextOp.count(fraction, size);
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        int replaced = 0;
        for (int i = 0; i < size && replaced < wanted; i++) {
            int pick = i + random.nextInt(size - i);
            int position = order[pick];
            order[pick] = order[i];
            String token = tokens.get(position);
            List<String> synonyms = Words.synonymsOf(token, lexicon);
            if (!synonyms.isEmpty()) {
                tokens.set(position, Words.replaceCore(token, synonyms.get(random.nextInt(synonyms.size()))));
                replaced++;
            }
        }
    }
}

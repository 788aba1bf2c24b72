package io.dlspark.augment.text;

import io.dlspark.augment.random.AugmentRandom;

import java.util.ArrayList;
import java.util.List;

/** Deletes each token with probability {@code rate}; when every token would go, none does. */
public record RandomDeletion(double rate) implements TextOp {

    public RandomDeletion {
        TextChecks.fraction("rate", rate);
    }

    @Override
    public void apply(List<String> tokens, AugmentRandom random, Lexicon lexicon) {
        List<String> kept = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            if (!random.chance(rate)) {
                kept.add(token);
            }
        }
        if (!kept.isEmpty()) {
            tokens.clear();
            tokens.addAll(kept);
        }
    }
}

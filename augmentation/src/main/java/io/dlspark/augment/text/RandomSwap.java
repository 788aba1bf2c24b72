package io.dlspark.augment.text;

import io.dlspark.augment.random.AugmentRandom;

import java.util.Collections;
import java.util.List;

/** Swaps two tokens at distinct random positions, {@code fraction} of the length times (at least once). */
public record RandomSwap(double fraction) implements TextOp {

    public RandomSwap {
        TextChecks.fraction("fraction", fraction);
    }

    @Override
    public void apply(List<String> tokens, AugmentRandom random, Lexicon lexicon) {
        int size = tokens.size();
        if (size < 2) {
            return;
        }
        int swaps = TextOp.count(fraction, size);
        for (int s = 0; s < swaps; s++) {
            int i = random.nextInt(size);
            int j = random.nextInt(size - 1);
            Collections.swap(tokens, i, j >= i ? j + 1 : j);
        }
    }
}

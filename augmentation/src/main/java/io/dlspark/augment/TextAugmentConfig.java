package io.dlspark.augment;

import io.dlspark.augment.text.LexiconSource;
import io.dlspark.augment.text.TextOp;

import java.util.List;
import java.util.Objects;

/**
 * The configuration of a {@link TextPipeline}: a seed, at least one step and where synonyms come from (read only
 * when a step needs them).
 */
public record TextAugmentConfig(long seed, List<Step<TextOp>> steps, LexiconSource lexicon) implements AugmentConfig {

    public TextAugmentConfig {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a text augmentation needs at least one step");
        }
        Objects.requireNonNull(lexicon, "lexicon");
    }

    @Override
    public TextAugmentConfig withSeed(long newSeed) {
        return new TextAugmentConfig(newSeed, steps, lexicon);
    }

    @Override
    public String records() {
        return AugmentConfigs.TEXT;
    }

    /** Whether any step looks up synonyms. */
    public boolean needsLexicon() {
        return steps.stream().anyMatch(step -> step.op().needsLexicon());
    }
}

package io.dlspark.augment;

import io.dlspark.augment.random.AugmentRandom;
import io.dlspark.augment.random.RecordSeeds;
import io.dlspark.augment.text.Lexicon;
import io.dlspark.augment.text.TextOp;
import io.dlspark.augment.text.Words;
import io.dlspark.core.UsageException;

import java.util.List;

/**
 * Augments documents token by token (whitespace tokens, joined with single spaces), each step with its probability from
 * a stream seeded by (seed, record id, epoch, step index) only. A document on which no step ran, or without tokens,
 * comes back unchanged.
 */
public final class TextPipeline implements Augmenter<String> {
    private static final long serialVersionUID = 1L;

    private final TextAugmentConfig config;
    private final Lexicon lexicon;

    private TextPipeline(TextAugmentConfig config, Lexicon lexicon) {
        this.config = config;
        this.lexicon = lexicon;
    }

    /** A pipeline that reads its configured lexicon when a step needs synonyms. */
    public static TextPipeline create(AugmentConfig config) {
        TextAugmentConfig text = requireText(config);
        return new TextPipeline(text, text.needsLexicon() ? text.lexicon().load() : Lexicon.empty());
    }

    /** A pipeline with a lexicon already at hand, ignoring the configured source. */
    public static TextPipeline create(AugmentConfig config, Lexicon lexicon) {
        return new TextPipeline(requireText(config), lexicon);
    }

    public TextAugmentConfig config() {
        return config;
    }

    public Lexicon lexicon() {
        return lexicon;
    }

    @Override
    public String apply(String text, String recordId, int epoch) {
        List<String> tokens = Words.tokenize(text);
        return applyTokens(tokens, recordId, epoch) ? Words.join(tokens) : text;
    }

    /** Augments {@code tokens} in place; returns whether any step ran. A non-empty list never becomes empty. */
    public boolean applyTokens(List<String> tokens, String recordId, int epoch) {
        if (tokens.isEmpty()) {
            return false;
        }
        long recordSeed = RecordSeeds.record(config.seed(), recordId, epoch);
        AugmentRandom random = new AugmentRandom(0);
        boolean ran = false;
        List<Step<TextOp>> steps = config.steps();
        for (int i = 0; i < steps.size(); i++) {
            Step<TextOp> step = steps.get(i);
            random.reseed(RecordSeeds.op(recordSeed, i));
            if (random.chance(step.probability())) {
                step.op().apply(tokens, random, lexicon);
                ran = true;
            }
        }
        return ran;
    }

    private static TextAugmentConfig requireText(AugmentConfig config) {
        if (!(config instanceof TextAugmentConfig text)) {
            throw new UsageException("augment.records: the configuration is for " + config.records()
                + " records, not text");
        }
        return text;
    }
}

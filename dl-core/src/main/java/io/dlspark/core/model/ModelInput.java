package io.dlspark.core.model;

import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.shard.RecordFormat;
import io.dlspark.core.shard.ShardManifest;

import java.io.Serializable;
import java.util.Locale;

/**
 * What a network's input features are: images ({@link ImageInput}, pixels in [0, 1]), dense vectors ({@link
 * VectorInput}) or token ids ({@link TokenInput}, 0 padding, 1 unknown); layouts in docs/configuration.md.
 */
public sealed interface ModelInput extends Serializable {

    /** A short description for messages, such as {@code image 28x28x1}. */
    String describe();

    /** The input of a shard set's records. */
    static ModelInput of(ShardManifest manifest) {
        if (manifest.recordFormat() == RecordFormat.IMAGE_UINT8_HWC) {
            return new ImageInput(manifest.shape());
        }
        if (manifest.recordFormat() == RecordFormat.FEATURES_FLOAT32) {
            return new VectorInput(manifest.shape().size());
        }
        throw new UsageException("shard set of " + manifest.recordFormat() + " records: no model input is defined for it yet");
    }

    /**
     * Parses {@code HxWxC} (an image, such as {@code 28x28x1}), {@code vector:N} or {@code tokens:LENGTH:VOCABULARY};
     * {@code option} names the source in errors.
     */
    static ModelInput parse(String text, String option) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        String[] parts = value.split(":");
        try {
            if (parts[0].equals("vector") && parts.length == 2) {
                return new VectorInput(Integer.parseInt(parts[1]));
            }
            if (parts[0].equals("tokens") && parts.length == 3) {
                return new TokenInput(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            }
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": '" + text + "' has a size that is not a whole number");
        }
        if (parts.length == 1) {
            return new ImageInput(ImageShape.parse(value, option));
        }
        throw new UsageException(option + ": '" + text + "' is not an input such as 28x28x1, vector:1000 or tokens:200:20000");
    }

    /** Images of one shape. */
    record ImageInput(ImageShape shape) implements ModelInput {
        @Override
        public String describe() {
            return "image " + shape;
        }
    }

    /** Dense feature vectors of {@code size} floats. */
    record VectorInput(int size) implements ModelInput {
        public VectorInput {
            if (size < 1) {
                throw new UsageException("vector input: size must be positive, got " + size);
            }
        }

        @Override
        public String describe() {
            return "vector " + size;
        }
    }

    /** Sequences of {@code length} token ids below {@code vocabularySize}; 0 pads, 1 is the unknown token. */
    record TokenInput(int length, int vocabularySize) implements ModelInput {
        public TokenInput {
            if (length < 1) {
                throw new UsageException("token input: length must be positive, got " + length);
            }
            if (vocabularySize < 3) {
                throw new UsageException("token input: vocabulary size must be at least 3 (padding, unknown, one word), got "
                    + vocabularySize);
            }
        }

        @Override
        public String describe() {
            return "tokens " + length + " (vocabulary " + vocabularySize + ")";
        }
    }
}

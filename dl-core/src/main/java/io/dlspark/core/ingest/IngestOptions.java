package io.dlspark.core.ingest;

import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.data.ResizeMode;

import java.util.List;

/**
 * Options of a data-set source, validated at construction.
 *
 * @param validationFraction share of each class's training records moved to the validation split
 * @param seed               seed of the split
 * @param imageShape         declared image shape, or null to require the common shape of the images
 * @param resize             how images of another size are brought to {@code imageShape}
 * @param labelNames         class names for IDX data, or null for the data set's own (digits for plain IDX)
 * @param testFraction       share of each stratum held out as the test split, for data sets without a test split
 *                           of their own (SpamAssassin, Brown)
 * @param passageWords       Brown and text corpora: cut each document into passages of about this many words (its
 *                           split is its passages' split); 0 keeps whole documents
 */
public record IngestOptions(double validationFraction, long seed, ImageShape imageShape, ResizeMode resize,
                            List<String> labelNames, double testFraction, int passageWords) {
    public static final double DEFAULT_TEST_FRACTION = 0.2;

    public IngestOptions(double validationFraction, long seed, ImageShape imageShape, ResizeMode resize,
                         List<String> labelNames, double testFraction) {
        this(validationFraction, seed, imageShape, resize, labelNames, testFraction, 0);
    }

    public IngestOptions(double validationFraction, long seed, ImageShape imageShape, ResizeMode resize,
                         List<String> labelNames) {
        this(validationFraction, seed, imageShape, resize, labelNames, DEFAULT_TEST_FRACTION);
    }

    public IngestOptions {
        if (!(validationFraction >= 0.0 && validationFraction < 1.0)) {
            throw new UsageException("--val-fraction: must be in [0, 1), got " + validationFraction);
        }
        if (!(testFraction >= 0.0 && testFraction < 1.0) || testFraction + validationFraction >= 1.0) {
            throw new UsageException("--test-fraction: must be in [0, 1) and leave training records beside --val-fraction, got "
                + testFraction);
        }
        if (resize != ResizeMode.NONE && imageShape == null) {
            throw new UsageException("--resize " + resize.name().toLowerCase(java.util.Locale.ROOT)
                + " needs --image-shape HxWxC to resize to");
        }
        if (passageWords < 0) {
            throw new UsageException("--passage-words: must be positive (0: whole documents), got " + passageWords);
        }
        labelNames = labelNames == null ? null : List.copyOf(labelNames);
    }

    public static IngestOptions defaults() {
        return new IngestOptions(0.1, 42, null, ResizeMode.NONE, null);
    }
}

package io.dlspark.train;

import io.dlspark.core.UsageException;

import java.util.Arrays;
import java.util.Locale;

/**
 * How {@code --lr-scaling} adapts the learning rate to W workers: {@link #LINEAR} multiplies it by W (Goyal et al.
 * 2017), {@link #SQRT} by the square root of W, {@link #NONE} keeps it.
 */
public enum LearningRateScaling {
    NONE, LINEAR, SQRT;

    /** The factor for {@code workers} workers. */
    public double factor(int workers) {
        return switch (this) {
            case NONE -> 1;
            case LINEAR -> workers;
            case SQRT -> Math.sqrt(workers);
        };
    }

    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scaling named {@code value}; otherwise a usage error naming {@code setting}. */
    public static LearningRateScaling parse(String value, String setting) {
        return Arrays.stream(values()).filter(s -> s.option().equals(value)).findFirst()
            .orElseThrow(() -> new UsageException(setting + ": expected none, linear or sqrt, got '" + value + "'"));
    }
}

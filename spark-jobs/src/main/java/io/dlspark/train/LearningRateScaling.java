package io.dlspark.train;

import io.dlspark.core.UsageException;

import java.util.Arrays;
import java.util.Locale;

/**
 * How {@code dlspark train --lr-scaling} adapts the learning rate to the worker count. W workers with batch B per
 * worker average into steps of W x B records, so an epoch makes W times fewer averaged steps than one machine with
 * batch B. {@link #LINEAR} multiplies the learning rate (and its schedule) by W, the linear scaling rule of Goyal et
 * al. 2017; {@link #SQRT} by the square root of W; {@link #NONE} keeps it.
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

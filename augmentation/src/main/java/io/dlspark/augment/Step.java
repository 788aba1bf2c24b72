package io.dlspark.augment;

import java.io.Serializable;
import java.util.Objects;

/**
 * One op of a pipeline with the probability that it runs on a record.
 *
 * @param key         where it was configured, such as {@code augment.ops[2]}
 * @param name        its op name, such as {@code rotate}
 * @param probability in [0, 1]
 * @param op          the validated op record
 */
public record Step<T extends Serializable>(String key, String name, double probability, T op) implements Serializable {

    public Step {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(op, "op");
        if (Double.isNaN(probability) || probability < 0 || probability > 1) {
            throw new IllegalArgumentException(key + ".p must be in [0, 1], got " + probability);
        }
    }

    @Override
    public String toString() {
        return name + "(p=" + probability + ") " + op;
    }
}

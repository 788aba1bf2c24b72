package io.dlspark.augment;

import java.io.Serializable;

/**
 * A pure, seeded augmentation of one record's value. The output depends only on the augmenter's configuration
 * and seed, the record id and the epoch, never on call order, partitioning or executor. Labels never pass through
 * an augmenter, so they cannot change.
 *
 * @param <T> the record value: {@code byte[]} pixels or a {@code String} document
 */
public interface Augmenter<T> extends Serializable {

    /** Returns the augmented value; {@code input} is not modified. */
    T apply(T input, String recordId, int epoch);
}

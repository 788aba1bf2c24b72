package io.dlspark.core.train;

import java.io.Serializable;

/**
 * Online augmentation of training records: a pure function of a record's bytes, its key ({@link
 * PartitionData#recordKeys()}) and the epoch, applied just before its minibatch is assembled. Must be thread-safe.
 */
public interface RecordAugmenter extends Serializable {

    /** Augments {@code record} in place for {@code epoch}; {@code scratch} is working space of the same length. */
    void augment(byte[] record, byte[] scratch, long recordKey, int epoch);
}

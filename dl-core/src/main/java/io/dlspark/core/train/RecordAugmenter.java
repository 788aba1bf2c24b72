package io.dlspark.core.train;

import java.io.Serializable;

/**
 * Online augmentation of training records: changes a record's bytes just before its minibatch is assembled. An
 * implementation is a pure function of the bytes, the record key ({@link PartitionData#recordKeys()}) and the epoch,
 * so that a record is augmented the same way whatever worker owns it; it is broadcast once and shared by the tasks
 * of an executor, so it must be safe to call from several threads.
 */
public interface RecordAugmenter extends Serializable {

    /** Augments {@code record} in place for {@code epoch}; {@code scratch} is working space of the same length. */
    void augment(byte[] record, byte[] scratch, long recordKey, int epoch);
}

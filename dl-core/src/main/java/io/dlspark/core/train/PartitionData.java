package io.dlspark.core.train;

import java.io.Serializable;

/**
 * The training records one worker owns, packed into arrays: uint8 pixels (HWC, {@code recordSize} bytes each),
 * labels, and record keys (a stable 64-bit hash of each record id, which seeds online augmentation). Cached on
 * executors for the whole training run. With {@code float32}, each record is instead a vector of
 * {@code recordSize / 4} float32 values, big-endian ({@link io.dlspark.core.shard.RecordFormat#FEATURES_FLOAT32}).
 */
public record PartitionData(int worker, byte[] pixels, int[] labels, long[] recordKeys, int recordSize, boolean float32)
    implements Serializable {

    public PartitionData {
        if (pixels.length != (long) labels.length * recordSize) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " bytes, not " + labels.length + " x " + recordSize);
        }
        if (recordKeys.length != labels.length) {
            throw new IllegalArgumentException(recordKeys.length + " record keys for " + labels.length + " records");
        }
    }

    /** Image records. */
    public PartitionData(int worker, byte[] pixels, int[] labels, long[] recordKeys, int recordSize) {
        this(worker, pixels, labels, recordKeys, recordSize, false);
    }

    public int size() {
        return labels.length;
    }
}

package io.dlspark.core.train;

import java.io.Serializable;

/**
 * The training records one worker owns, packed into two arrays: uint8 pixels (HWC, {@code recordSize} bytes each)
 * and labels. Cached on executors for the whole training run. With {@code float32}, each record is instead a vector
 * of {@code recordSize / 4} float32 values, big-endian ({@link io.dlspark.core.shard.RecordFormat#FEATURES_FLOAT32}).
 */
public record PartitionData(int worker, byte[] pixels, int[] labels, int recordSize, boolean float32) implements Serializable {

    public PartitionData {
        if (pixels.length != (long) labels.length * recordSize) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " bytes, not " + labels.length + " x " + recordSize);
        }
    }

    /** Image records. */
    public PartitionData(int worker, byte[] pixels, int[] labels, int recordSize) {
        this(worker, pixels, labels, recordSize, false);
    }

    public int size() {
        return labels.length;
    }
}

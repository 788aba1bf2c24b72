package io.dlspark.core.train;

import java.io.Serializable;

/**
 * The training records one worker owns, packed into two arrays: uint8 pixels (HWC, {@code recordSize} bytes each)
 * and labels. Cached on executors for the whole training run.
 */
public record PartitionData(int worker, byte[] pixels, int[] labels, int recordSize) implements Serializable {

    public PartitionData {
        if (pixels.length != (long) labels.length * recordSize) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " bytes, not " + labels.length + " x " + recordSize);
        }
    }

    public int size() {
        return labels.length;
    }
}

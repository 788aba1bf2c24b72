package io.dlspark.core.train;

import java.io.Serializable;

/**
 * The training records one worker owns: their features (packed image pixels, extracted float32 vectors, or float rows
 * for text), labels, record keys (a stable 64-bit hash of each record id, which seeds online augmentation), and
 * optionally each record's group (for per-group evaluation; null when the data has none), regression target
 * (null for class labels) and instance weight (null: every record weighs 1). Cached on executors for the whole run.
 */
public record PartitionData(int worker, RecordFeatures features, int[] labels, long[] recordKeys, String[] groups,
                            float[] targets, float[] weights) implements Serializable {

    public PartitionData {
        if (features.records() != labels.length || (groups != null && groups.length != labels.length)
            || (targets != null && targets.length != labels.length) || (weights != null && weights.length != labels.length)) {
            throw new IllegalArgumentException("features hold " + features.records() + " records, labels " + labels.length
                + (groups == null ? "" : ", groups " + groups.length) + (targets == null ? "" : ", targets " + targets.length)
                + (weights == null ? "" : ", weights " + weights.length));
        }
        if (recordKeys.length != labels.length) {
            throw new IllegalArgumentException(recordKeys.length + " record keys for " + labels.length + " records");
        }
    }

    /** Records without instance weights. */
    public PartitionData(int worker, RecordFeatures features, int[] labels, long[] recordKeys, String[] groups,
                         float[] targets) {
        this(worker, features, labels, recordKeys, groups, targets, null);
    }

    /** Records with class labels (or none: -1), no regression targets. */
    public PartitionData(int worker, RecordFeatures features, int[] labels, long[] recordKeys, String[] groups) {
        this(worker, features, labels, recordKeys, groups, null);
    }

    /**
     * Packed records of {@code recordSize} bytes each: uint8 HWC pixels, or with {@code float32} vectors of
     * {@code recordSize / 4} big-endian float32 values ({@link io.dlspark.core.shard.RecordFormat#FEATURES_FLOAT32}).
     */
    public PartitionData(int worker, byte[] pixels, int[] labels, long[] recordKeys, int recordSize, boolean float32) {
        this(worker, packed(pixels, labels.length, recordSize, float32), labels, recordKeys, null);
    }

    /** Image records: uint8 HWC pixels, {@code recordSize} bytes each. */
    public PartitionData(int worker, byte[] pixels, int[] labels, long[] recordKeys, int recordSize) {
        this(worker, pixels, labels, recordKeys, recordSize, false);
    }

    private static RecordFeatures packed(byte[] pixels, int records, int recordSize, boolean float32) {
        if (pixels.length != (long) records * recordSize) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " bytes, not " + records + " x " + recordSize);
        }
        return float32 ? new Float32Rows(pixels, recordSize) : new PixelFeatures(pixels, recordSize);
    }

    /** The packed bytes of image or float32 records. */
    public byte[] pixels() {
        if (features instanceof Float32Rows floats) {
            return floats.bytes();
        }
        return ((PixelFeatures) features).pixels();
    }

    /** Bytes per record of image or float32 records. */
    public int recordSize() {
        if (features instanceof Float32Rows floats) {
            return floats.recordSize();
        }
        return ((PixelFeatures) features).recordSize();
    }

    /** Whether the records are float32 feature vectors. */
    public boolean float32() {
        return features instanceof Float32Rows;
    }

    public int size() {
        return labels.length;
    }
}

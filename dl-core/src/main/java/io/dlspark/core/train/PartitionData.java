package io.dlspark.core.train;

import java.io.Serializable;

/**
 * The training records one worker owns: their features (packed image pixels, or float rows for text), labels, and
 * optionally each record's group (for per-group evaluation; null when the data has none). Cached on executors for
 * the whole training run.
 */
public record PartitionData(int worker, RecordFeatures features, int[] labels, String[] groups) implements Serializable {

    public PartitionData {
        if (features.records() != labels.length || (groups != null && groups.length != labels.length)) {
            throw new IllegalArgumentException("features hold " + features.records() + " records, labels " + labels.length
                + (groups == null ? "" : ", groups " + groups.length));
        }
    }

    /** Image records: uint8 HWC pixels, {@code recordSize} bytes each. */
    public PartitionData(int worker, byte[] pixels, int[] labels, int recordSize) {
        this(worker, checkedPixels(pixels, labels.length, recordSize), labels, null);
    }

    private static PixelFeatures checkedPixels(byte[] pixels, int records, int recordSize) {
        if (pixels.length != (long) records * recordSize) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " bytes, not " + records + " x " + recordSize);
        }
        return new PixelFeatures(pixels, recordSize);
    }

    /** The packed pixels of image records. */
    public byte[] pixels() {
        return ((PixelFeatures) features).pixels();
    }

    public int recordSize() {
        return ((PixelFeatures) features).recordSize();
    }

    public int size() {
        return labels.length;
    }
}

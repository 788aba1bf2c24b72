package io.dlspark.core.train;

import java.nio.ByteBuffer;

/**
 * Extracted feature vectors ({@link io.dlspark.core.shard.RecordFormat#FEATURES_FLOAT32}): {@code recordSize / 4}
 * big-endian float32 values per record, back to back.
 */
public record Float32Rows(byte[] bytes, int recordSize) implements RowFeatures {
    public Float32Rows {
        if (recordSize % Float.BYTES != 0) {
            throw new IllegalArgumentException("float32 records of " + recordSize + " bytes are not whole floats");
        }
    }

    @Override
    public int records() {
        return bytes.length / recordSize;
    }

    @Override
    public int width() {
        return recordSize / Float.BYTES;
    }

    @Override
    public void write(int record, float[] out, int offset) {
        ByteBuffer floats = ByteBuffer.wrap(bytes);
        int from = record * recordSize;
        for (int i = 0; i < width(); i++) {
            out[offset + i] = floats.getFloat(from + i * Float.BYTES);
        }
    }
}

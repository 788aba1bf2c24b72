package io.dlspark.feed;

import io.dlspark.core.train.Float32Rows;
import io.dlspark.core.train.RecordFeatures;
import org.apache.spark.sql.Row;

import java.io.ByteArrayOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.List;

/** Extracted feature vectors ({@code features} column) of {@code size} float32 values (the manifest's shape size). */
record Float32Codec(int size) implements FeatureCodec {
    @Override
    public Serializable read(Row row, int column) {
        List<Float> values = row.getList(column);
        ByteBuffer bytes = ByteBuffer.allocate(values.size() * Float.BYTES);
        values.forEach(bytes::putFloat);
        return bytes.array();
    }

    @Override
    public RecordFeatures pack(List<String> ids, List<Serializable> features) {
        int recordSize = size * Float.BYTES;
        ByteArrayOutputStream packed = new ByteArrayOutputStream(features.size() * recordSize);
        for (int i = 0; i < features.size(); i++) {
            byte[] p = (byte[]) features.get(i);
            if (p.length != recordSize) {
                throw new IllegalStateException("record " + ids.get(i) + " has " + p.length / Float.BYTES
                    + " feature values, the manifest's shape needs " + size);
            }
            packed.writeBytes(p);
        }
        return new Float32Rows(packed.toByteArray(), recordSize);
    }
}

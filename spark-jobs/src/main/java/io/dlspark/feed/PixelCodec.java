package io.dlspark.feed;

import io.dlspark.core.train.PixelFeatures;
import io.dlspark.core.train.RecordFeatures;
import org.apache.spark.sql.Row;

import java.io.ByteArrayOutputStream;
import java.io.Serializable;
import java.util.List;

/** uint8 pixel records of {@code recordSize} bytes (the manifest's shape). */
record PixelCodec(int recordSize) implements FeatureCodec {
    @Override
    public Serializable read(Row row, int column) {
        return (byte[]) row.get(column);
    }

    @Override
    public RecordFeatures pack(List<String> ids, List<Serializable> features) {
        ByteArrayOutputStream pixels = new ByteArrayOutputStream(features.size() * recordSize);
        for (int i = 0; i < features.size(); i++) {
            byte[] p = (byte[]) features.get(i);
            if (p.length != recordSize) {
                throw new IllegalStateException("record " + ids.get(i) + " has " + p.length
                    + " pixel bytes, the manifest's shape needs " + recordSize);
            }
            pixels.writeBytes(p);
        }
        return new PixelFeatures(pixels.toByteArray(), recordSize);
    }
}

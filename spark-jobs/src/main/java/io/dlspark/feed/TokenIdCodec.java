package io.dlspark.feed;

import io.dlspark.core.train.RecordFeatures;
import io.dlspark.core.train.TokenRows;
import io.dlspark.text.TokenIds;
import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.util.List;

/** Token columns mapped to fixed-length id sequences with the training vocabulary. */
record TokenIdCodec(TokenIds tokenIds) implements FeatureCodec {
    @Override
    public Serializable read(Row row, int column) {
        return tokenIds.encode(row.getList(column));
    }

    @Override
    public RecordFeatures pack(List<String> ids, List<Serializable> features) {
        int length = tokenIds.length();
        int[] all = new int[features.size() * length];
        for (int i = 0; i < features.size(); i++) {
            System.arraycopy((int[]) features.get(i), 0, all, i * length, length);
        }
        return new TokenRows(length, all);
    }
}

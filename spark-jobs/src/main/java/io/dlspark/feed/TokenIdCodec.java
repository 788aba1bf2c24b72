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
        return packIds(tokenIds.length(), features);
    }

    /** Packs id sequences of {@code length} ({@code int[]} each) into one {@link TokenRows} block. */
    static TokenRows packIds(int length, List<Serializable> features) {
        int[] all = new int[features.size() * length];
        for (int i = 0; i < features.size(); i++) {
            System.arraycopy((int[]) features.get(i), 0, all, i * length, length);
        }
        return new TokenRows(length, all);
    }
}

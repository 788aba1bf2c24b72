package io.dlspark.feed;

import io.dlspark.core.train.RecordFeatures;
import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.util.List;

/**
 * Reads one record's features from a row's feature column on an executor, and packs a worker's records (in record-id
 * order) into one {@link RecordFeatures} block.
 */
public interface FeatureCodec extends Serializable {
    Serializable read(Row row, int column);

    /** Packs the features read for {@code ids}, in that order; a record of the wrong size is named. */
    RecordFeatures pack(List<String> ids, List<Serializable> features);
}

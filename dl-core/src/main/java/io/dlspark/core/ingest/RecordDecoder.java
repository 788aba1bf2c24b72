package io.dlspark.core.ingest;

import io.dlspark.core.data.BadRecordException;
import org.apache.hadoop.conf.Configuration;

import java.io.Serializable;

/** Turns a planned record into its shard form on an executor; a record that cannot be used is a {@link BadRecordException}. */
@FunctionalInterface
public interface RecordDecoder extends Serializable {
    DecodedRecord decode(RecordRef ref, Configuration conf) throws BadRecordException;

    /** Whether decoding may find bad records; when not, the job writes in one pass and counts on the driver. */
    default boolean canFail() {
        return true;
    }
}

package io.dlspark.jobs.ingest;

import io.dlspark.core.data.BadRecordException;
import io.dlspark.core.ingest.DecodedRecord;
import io.dlspark.core.ingest.RecordDecoder;
import io.dlspark.core.ingest.RecordRef;
import io.dlspark.core.shard.ShardManifest.BadRecord;
import io.dlspark.core.shard.Split;
import org.apache.hadoop.conf.Configuration;

import java.io.Serializable;

/** The result of decoding one record on an executor: the record, or why it is bad. */
record DecodeOutcome(Split split, DecodedRecord record, BadRecord bad) implements Serializable {

    static DecodeOutcome of(RecordDecoder decoder, RecordRef ref, Configuration conf) {
        try {
            return new DecodeOutcome(ref.split(), decoder.decode(ref, conf), null);
        } catch (BadRecordException e) {
            return new DecodeOutcome(ref.split(), null, new BadRecord(e.source(), e.reason()));
        } catch (RuntimeException e) {
            return new DecodeOutcome(ref.split(), null, new BadRecord(ref.source(), "cannot decode: " + e));
        }
    }

    boolean ok() {
        return record != null;
    }
}

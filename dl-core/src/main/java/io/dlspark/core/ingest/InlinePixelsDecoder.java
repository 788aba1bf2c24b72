package io.dlspark.core.ingest;

import org.apache.hadoop.conf.Configuration;

/** For records whose pixels were read and checked on the driver (IDX): the payload is the shard record. */
record InlinePixelsDecoder() implements RecordDecoder {
    @Override
    public DecodedRecord decode(RecordRef ref, Configuration conf) {
        return new DecodedRecord(ref.recordId(), ref.label(), ref.source(), ref.payload(), null);
    }

    @Override
    public boolean canFail() {
        return false;
    }
}

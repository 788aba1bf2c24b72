package io.dlspark.core.ingest;

import org.apache.hadoop.conf.Configuration;

import java.nio.charset.StandardCharsets;

/** A passage cut on the driver: its text is the record's payload, already checked there, so decoding cannot fail. */
record PassageDecoder() implements RecordDecoder {
    @Override
    public DecodedRecord decode(RecordRef ref, Configuration conf) {
        return new DecodedRecord(ref.recordId(), ref.label(), ref.source(), null,
            new String(ref.payload(), StandardCharsets.UTF_8), ref.group());
    }

    @Override
    public boolean canFail() {
        return false;
    }
}

package io.dlspark.core.ingest;

import io.dlspark.core.data.BadRecordException;
import io.dlspark.core.text.EmailText;
import org.apache.hadoop.conf.Configuration;

/** Parses a raw RFC 822 message (read on the driver, or from its file) into its subject and body text. */
record EmailDecoder() implements RecordDecoder {
    @Override
    public DecodedRecord decode(RecordRef ref, Configuration conf) throws BadRecordException {
        byte[] bytes = ref.payload() != null ? ref.payload() : SourceBytes.read(ref, conf);
        return new DecodedRecord(ref.recordId(), ref.label(), ref.source(), null, EmailText.of(bytes, ref.source()), ref.group());
    }
}

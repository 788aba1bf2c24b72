package io.dlspark.core.ingest;

import io.dlspark.core.data.BadRecordException;
import io.dlspark.core.text.DocumentText;
import org.apache.hadoop.conf.Configuration;

/** Reads one document per file as strict UTF-8; an empty or undecodable file is a bad record. */
record TextFileDecoder() implements RecordDecoder {
    @Override
    public DecodedRecord decode(RecordRef ref, Configuration conf) throws BadRecordException {
        return new DecodedRecord(ref.recordId(), ref.label(), ref.source(), null, DocumentText.plain(SourceBytes.read(ref, conf), ref.source()));
    }
}

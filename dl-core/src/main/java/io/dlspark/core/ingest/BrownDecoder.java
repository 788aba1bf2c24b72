package io.dlspark.core.ingest;

import io.dlspark.core.data.BadRecordException;
import io.dlspark.core.text.BrownText;
import io.dlspark.core.text.DocumentText;
import org.apache.hadoop.conf.Configuration;

/** Reads a tagged Brown document and strips its part-of-speech tags; a document without tagged words is bad. */
record BrownDecoder() implements RecordDecoder {
    @Override
    public DecodedRecord decode(RecordRef ref, Configuration conf) throws BadRecordException {
        String tagged = DocumentText.plain(SourceBytes.read(ref, conf), ref.source());
        BrownText.Untagged untagged = BrownText.strip(tagged);
        if (untagged.taggedTokens() == 0) {
            throw new BadRecordException(ref.source(), "no word/TAG tokens: not a tagged Brown document");
        }
        return new DecodedRecord(ref.recordId(), ref.label(), ref.source(), null, untagged.text());
    }
}

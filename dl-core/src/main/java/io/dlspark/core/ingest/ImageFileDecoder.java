package io.dlspark.core.ingest;

import io.dlspark.core.data.BadRecordException;
import io.dlspark.core.data.ImageDecoder;
import io.dlspark.core.data.ImageShape;
import org.apache.hadoop.conf.Configuration;

/** Reads an image file on the executor and decodes it to the declared shape. */
record ImageFileDecoder(ImageDecoder decoder, ImageShape shape) implements RecordDecoder {
    @Override
    public DecodedRecord decode(RecordRef ref, Configuration conf) throws BadRecordException {
        byte[] bytes = SourceBytes.read(ref, conf);
        return new DecodedRecord(ref.recordId(), ref.label(), ref.source(), decoder.decode(bytes, ref.source()), null);
    }
}

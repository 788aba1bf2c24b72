package io.dlspark.core.ingest;

import io.dlspark.core.data.BadRecordException;
import io.dlspark.core.data.ImageDecoder;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.io.HadoopFiles;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;

/** Reads an image file on the executor and decodes it to the declared shape. */
record ImageFileDecoder(ImageDecoder decoder, ImageShape shape) implements RecordDecoder {
    @Override
    public DecodedRecord decode(RecordRef ref, Configuration conf) throws BadRecordException {
        byte[] bytes;
        try {
            bytes = HadoopFiles.readBytes(new Path(ref.source()), conf);
        } catch (IOException e) {
            throw new BadRecordException(ref.source(), "unreadable: " + e.getMessage());
        }
        return new DecodedRecord(ref.recordId(), ref.label(), ref.source(), decoder.decode(bytes, ref.source()), null);
    }
}

package io.dlspark.core.ingest;

import io.dlspark.core.data.BadRecordException;
import io.dlspark.core.io.HadoopFiles;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;

/** Reads a record's source file on an executor; an unreadable file is a bad record, not a failed task. */
final class SourceBytes {
    private SourceBytes() {
    }

    static byte[] read(RecordRef ref, Configuration conf) throws BadRecordException {
        try {
            return HadoopFiles.readBytes(new Path(ref.source()), conf);
        } catch (IOException e) {
            throw new BadRecordException(ref.source(), "unreadable: " + e.getMessage());
        }
    }
}

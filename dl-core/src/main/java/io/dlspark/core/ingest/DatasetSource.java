package io.dlspark.core.ingest;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;

/** A kind of raw input (IDX files, image folders, text folders) that plans an ingest run on the driver. */
public interface DatasetSource {
    IngestPlan plan(Path input, IngestOptions options, Configuration conf) throws IOException;
}

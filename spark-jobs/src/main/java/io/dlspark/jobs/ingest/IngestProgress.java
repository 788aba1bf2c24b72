package io.dlspark.jobs.ingest;

import io.dlspark.console.ProgressLine;
import io.dlspark.console.TaskProgress;

/** The {@code [ingest] r/R records, s/S shards written} lines of an ingest's shard-writing Spark job. */
final class IngestProgress implements TaskProgress.Step {
    private final ProgressLine line;
    private final long records;
    private final int shards;
    private long written;
    private int done;

    IngestProgress(ProgressLine line, long records, int shards) {
        this.line = line;
        this.records = records;
        this.shards = shards;
    }

    @Override
    public synchronized void finished(int partition, long recordsWritten) {
        written += recordsWritten;
        done++;
        line.update(text(written, done));
    }

    /** The last line, with the records the job wrote (bad records left out) and every shard. */
    void finish(long recordsWritten) {
        line.finish(text(recordsWritten, shards));
    }

    private String text(long recordsWritten, int shardsDone) {
        return recordsWritten + "/" + records + " records, " + shardsDone + "/" + shards + " shards written";
    }
}

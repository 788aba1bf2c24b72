package io.dlspark.jobs.ingest;

import io.dlspark.console.ProgressLine;
import io.dlspark.console.TaskProgress;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintWriter;

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

    /** The Spark job that writes the shards. */
    @FunctionalInterface
    interface ShardWrite {
        void run() throws IOException;
    }

    /**
     * Runs {@code write}, one Spark job with a task per shard, printing a line as its tasks finish; the caller prints
     * the last line with {@link #finish} once it knows how many records were written.
     */
    static IngestProgress during(SparkSession spark, PrintWriter console, long records, int shards, ShardWrite write)
        throws IOException {
        IngestProgress progress = new IngestProgress(ProgressLine.of(console, "ingest"), records, shards);
        try (TaskProgress followed = TaskProgress.follow(spark.sparkContext(), progress)) {
            write.run();
            followed.awaitStage(TaskProgress.LINES_TIMEOUT_MILLIS);
        }
        return progress;
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

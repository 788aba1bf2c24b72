package io.dlspark.jobs.ingest;

import io.dlspark.core.shard.ShardColumns;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** Objects per class in a split of detection shards just written: the manifest's per-class counts for detection. */
final class DetectionCounts {

    private DetectionCounts() {
    }

    static long[] objectsPerClass(SparkSession spark, Path splitDir, int classes) {
        long[] perClass = new long[classes];
        for (Row r : spark.read().parquet(splitDir.toString())
            .select(functions.explode(functions.col(ShardColumns.CLASSES)).as("c")).groupBy("c").count()
            .collectAsList()) {
            perClass[r.getInt(0)] = r.getLong(1);
        }
        return perClass;
    }
}

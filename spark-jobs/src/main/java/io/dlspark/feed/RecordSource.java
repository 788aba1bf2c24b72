package io.dlspark.feed;

import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;

/**
 * Where a classifier's training records come from: a shard set on disk ({@link ShardRecords}) or rows already in a
 * DataFrame described in memory ({@link InMemoryRecords}). Either way the rows have the shard columns.
 */
public interface RecordSource {
    /** Names the records in messages, e.g. {@code --data <root>}. */
    String describe();

    /** What the records are: format, shape, label names and counts per split. */
    ShardManifest manifest();

    /** The split's rows with the shard columns ({@code record_id}, {@code label} and the record's content). */
    Dataset<Row> split(Split split);

    /** The shard set's root (where a text vectoriser lives), or null for records held in memory. */
    Path root();

    /** What the artifact records about the data. */
    ModelArtifactManifest.DataProvenance provenance(Configuration conf) throws IOException;

    /** Whether the training split carries instance weights (a {@link TrainingData#WEIGHT} column). */
    default boolean weighted() {
        return false;
    }
}
